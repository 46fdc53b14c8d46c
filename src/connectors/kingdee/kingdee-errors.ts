import { IntegrationError, type ErrorKind } from '../../core/errors.js';

/** One entry of `ResponseStatus.Errors` (or `SuccessMessages`). */
export interface KingdeeErrorItem {
  fieldName: string | null;
  message: string;
  /** Zero-based index of the input item (BatchSave model, position in Numbers/Ids); null when absent. */
  dIndex: number | null;
}

/** Where a failure was seen; the rule table below turns these facts into an error kind. */
export type KingdeeFailureSource =
  | 'network' // fetch rejected (DNS, refused, reset)
  | 'timeout' // our AbortSignal.timeout fired
  | 'http' // HTTP status other than 200/206
  | 'bad_body' // empty, truncated or non-JSON body with HTTP 200
  | 'exception' // `response_error:` text
  | 'login' // a login service answered without success
  | 'status' // a ResponseStatus with IsSuccess false
  | 'shape' // JSON we did not expect for this service
  | 'too_large' // the reply grew past the connection's maxReplyBytes
  | 'paging'; // pages that contradict StartRow/Limit (a repeated page, more rows than asked)

export interface KingdeeFailureFacts {
  source: KingdeeFailureSource;
  httpStatus?: number;
  msgCode?: number;
  messages?: string[];
  /** The call changes data (Save, Audit, …): a lost reply means the outcome is unknown. */
  write?: boolean;
  /** False when the request certainly never reached the server (connection refused). */
  sent?: boolean;
}

interface RuleMatch {
  source?: KingdeeFailureSource | KingdeeFailureSource[];
  msgCode?: number | number[];
  /** Inclusive HTTP status range. */
  httpStatus?: [number, number];
  /** Tested against every server message. */
  message?: RegExp;
  write?: boolean;
  sent?: boolean;
}

export interface KingdeeErrorRule {
  match: RuleMatch;
  kind: ErrorKind;
  code: string;
  /** What the operator should do; appended to the message. */
  hint: string;
}

const SESSION_LOST = /会话信息已丢失|上下文丢失|Session information is lost/i;
const WRITE_UNKNOWN = 'The write may or may not have been applied: check the document in Kingdee before repeating it.';

/**
 * Failure → kind, first match wins. Order matters: lost replies of writes before generic transport
 * rules, message-specific rules before their MsgCode fallbacks.
 */
export const kingdeeErrorRules: readonly KingdeeErrorRule[] = [
  { match: { source: 'timeout', write: true }, kind: 'outcome_unknown', code: 'kingdee.timeout', hint: WRITE_UNKNOWN },
  {
    match: { source: 'timeout' },
    kind: 'transient',
    code: 'kingdee.timeout',
    hint: 'Kingdee did not answer in time; retry later or raise timeoutMs.',
  },
  {
    match: { source: 'network', sent: false },
    kind: 'transient',
    code: 'kingdee.network',
    hint: 'Kingdee could not be reached; check baseUrl and the network, retry later.',
  },
  { match: { source: 'network', write: true }, kind: 'outcome_unknown', code: 'kingdee.network', hint: WRITE_UNKNOWN },
  {
    match: { source: 'network' },
    kind: 'transient',
    code: 'kingdee.network',
    hint: 'The connection to Kingdee failed; retry later.',
  },
  {
    match: { source: 'http', httpStatus: [429, 429] },
    kind: 'rate_limited',
    code: 'kingdee.http_429',
    hint: 'The gateway throttles us; lower rateLimit.',
  },
  {
    match: { source: 'http', httpStatus: [500, 599], write: true },
    kind: 'outcome_unknown',
    code: 'kingdee.http_5xx',
    hint: WRITE_UNKNOWN,
  },
  {
    match: { source: 'http', httpStatus: [500, 599] },
    kind: 'transient',
    code: 'kingdee.http_5xx',
    hint: 'Kingdee or its proxy failed; retry later.',
  },
  {
    match: { source: 'http', httpStatus: [408, 408] },
    kind: 'transient',
    code: 'kingdee.http_status',
    hint: 'Retry later.',
  },
  {
    match: { source: 'http', httpStatus: [401, 403] },
    kind: 'config',
    code: 'kingdee.http_forbidden',
    hint: 'Check the credentials and any IP whitelist of the Kingdee server.',
  },
  {
    match: { source: 'http', httpStatus: [404, 404] },
    kind: 'config',
    code: 'kingdee.http_not_found',
    hint: 'Check baseUrl: it should end in /k3cloud/.',
  },
  {
    match: { source: 'http' },
    kind: 'config',
    code: 'kingdee.http_status',
    hint: 'Check baseUrl and the proxy in front of Kingdee.',
  },
  {
    match: { source: 'bad_body', write: true },
    kind: 'outcome_unknown',
    code: 'kingdee.bad_body',
    hint: WRITE_UNKNOWN,
  },
  {
    match: { source: 'bad_body' },
    kind: 'transient',
    code: 'kingdee.bad_body',
    hint: 'The reply was cut off or not JSON; retry later.',
  },
  {
    match: { source: 'too_large', write: true },
    kind: 'outcome_unknown',
    code: 'kingdee.reply_too_large',
    hint: `${WRITE_UNKNOWN} Raise maxReplyBytes of this connection in qiao.yaml.`,
  },
  {
    match: { source: 'too_large' },
    kind: 'config',
    code: 'kingdee.reply_too_large',
    hint: 'Raise maxReplyBytes of this connection in qiao.yaml, or lower pageSize (Limit) so that each page is smaller.',
  },
  {
    match: { source: 'paging' },
    kind: 'config',
    code: 'kingdee.paging_broken',
    hint: 'Reading stopped so that it cannot page forever; check for a plug-in or proxy that rewrites ExecuteBillQuery (StartRow and Limit must be honoured).',
  },
  {
    match: { source: 'exception', message: /no found|not found/i },
    kind: 'config',
    code: 'kingdee.service_not_found',
    hint: 'This Kingdee version lacks the service; upgrade it or use another operation.',
  },
  {
    match: { source: 'exception', write: true },
    kind: 'outcome_unknown',
    code: 'kingdee.server_exception',
    hint: WRITE_UNKNOWN,
  },
  {
    match: { source: 'exception' },
    kind: 'transient',
    code: 'kingdee.server_exception',
    hint: 'Kingdee threw an exception; retry later, then check the server log by its 错误编号.',
  },
  {
    match: { source: 'login', message: /次数超限|锁定|locked/i },
    kind: 'config',
    code: 'kingdee.user_locked',
    hint: 'The user is locked after failed logins; fix the credentials and wait (~30 min) or unlock it.',
  },
  {
    match: { source: 'login' },
    kind: 'config',
    code: 'kingdee.login_failed',
    hint: 'Check acctId, username and the password/app id/app secret of the connection.',
  },
  {
    match: { source: 'shape' },
    kind: 'internal',
    code: 'kingdee.unexpected_reply',
    hint: 'The reply does not have the documented shape; report it with the service name.',
  },
  {
    match: { msgCode: 1 },
    kind: 'transient',
    code: 'kingdee.session_lost',
    hint: 'The session was lost again right after a new login; check the login-less app authorisation, retry later.',
  },
  {
    match: { message: SESSION_LOST },
    kind: 'transient',
    code: 'kingdee.session_lost',
    hint: 'The session was lost again right after a new login; retry later.',
  },
  {
    match: { msgCode: 13 },
    kind: 'transient',
    code: 'kingdee.network_control_conflict',
    hint: 'Another user holds the document (网控); retry in a few seconds.',
  },
  {
    match: { message: /网控|冲突，请稍候/ },
    kind: 'transient',
    code: 'kingdee.network_control_conflict',
    hint: 'Another user holds the document (网控); retry in a few seconds.',
  },
  {
    match: { msgCode: 14 },
    kind: 'rate_limited',
    code: 'kingdee.call_limit',
    hint: 'Kingdee refused the call (调用限制); lower rateLimit or run less often.',
  },
  {
    match: { message: /元数据中标识为.*的字段不存在/ },
    kind: 'config',
    code: 'kingdee.unknown_field',
    hint: 'Fix the field key in the scheme (see the form metadata with queryBusinessInfo).',
  },
  {
    match: { message: /业务对象不存在/ },
    kind: 'config',
    code: 'kingdee.unknown_form',
    hint: 'Fix the FormId in the scheme.',
  },
  {
    match: { msgCode: 2 },
    kind: 'config',
    code: 'kingdee.permission_denied',
    hint: 'Grant the integration user permission for this form and operation.',
  },
  {
    match: { message: /没有.*权限|无权|permission denied/i },
    kind: 'config',
    code: 'kingdee.permission_denied',
    hint: 'Grant the integration user permission for this form and operation.',
  },
  {
    match: { msgCode: [7, 15] },
    kind: 'config',
    code: 'kingdee.account_refused',
    hint: 'Licence or administrator-login restriction: use a licensed non-administrator integration user.',
  },
  { match: { msgCode: 5 }, kind: 'config', code: 'kingdee.unknown_form', hint: 'Set FormId in the scheme.' },
  {
    match: { msgCode: 9, write: true },
    kind: 'record',
    code: 'kingdee.value_not_found',
    hint: 'A referenced value (number/code) does not exist in Kingdee; fix the record or create the master data.',
  },
  { match: { msgCode: 9 }, kind: 'config', code: 'kingdee.unknown_field', hint: 'Fix the field key in the scheme.' },
  {
    match: { msgCode: [3, 8], write: true },
    kind: 'record',
    code: 'kingdee.invalid_parameter',
    hint: "Fix this record's data.",
  },
  {
    match: { msgCode: [3, 8] },
    kind: 'config',
    code: 'kingdee.invalid_parameter',
    hint: 'Fix the request parameters in the scheme.',
  },
  {
    match: { msgCode: 6 },
    kind: 'transient',
    code: 'kingdee.database_error',
    hint: "Kingdee's database failed; retry later.",
  },
  {
    match: { msgCode: 11 },
    kind: 'record',
    code: 'kingdee.validation_failed',
    hint: 'Kingdee rejected this document; fix it (see the messages) and retry it.',
  },
  {
    match: { msgCode: 10 },
    kind: 'record',
    code: 'kingdee.data_not_found',
    hint: 'The document does not exist (any more) in Kingdee.',
  },
  {
    match: { msgCode: 12 },
    kind: 'record',
    code: 'kingdee.not_operable',
    hint: 'The document is not in a state that allows this operation.',
  },
  {
    match: { write: true },
    kind: 'record',
    code: 'kingdee.rejected',
    hint: 'Kingdee rejected this document; see the messages.',
  },
  {
    match: { msgCode: 4 },
    kind: 'config',
    code: 'kingdee.query_failed',
    hint: 'Check FormId, FieldKeys, FilterString and OrderString of the query.',
  },
  {
    match: {},
    kind: 'config',
    code: 'kingdee.rejected',
    hint: 'See the messages; fix the request or the Kingdee configuration.',
  },
];

function oneOf<T>(want: T | T[] | undefined, have: T | undefined): boolean {
  if (want === undefined) return true;
  return Array.isArray(want) ? have !== undefined && want.includes(have) : want === have;
}

function matches(rule: RuleMatch, facts: KingdeeFailureFacts): boolean {
  if (!oneOf(rule.source, facts.source)) return false;
  if (!oneOf(rule.msgCode, facts.msgCode)) return false;
  if (rule.write !== undefined && rule.write !== (facts.write ?? false)) return false;
  if (rule.sent !== undefined && rule.sent !== (facts.sent ?? true)) return false;
  if (
    rule.httpStatus &&
    (facts.httpStatus === undefined || facts.httpStatus < rule.httpStatus[0] || facts.httpStatus > rule.httpStatus[1])
  )
    return false;
  if (rule.message && !(facts.messages ?? []).some((m) => rule.message!.test(m))) return false;
  return true;
}

/** The first rule of `rules` that matches `facts` (the table always ends in a catch-all). */
export function classifyKingdeeFailure(
  facts: KingdeeFailureFacts,
  rules: readonly KingdeeErrorRule[] = kingdeeErrorRules,
): KingdeeErrorRule {
  return rules.find((rule) => matches(rule.match, facts)) ?? rules[rules.length - 1]!;
}

/** Whether a status or message says the session is gone (MsgCode 1, 会话信息已丢失). */
export function isSessionLost(msgCode: number | undefined, messages: readonly string[]): boolean {
  return msgCode === 1 || messages.some((m) => SESSION_LOST.test(m));
}

export interface KingdeeErrorInit extends KingdeeFailureFacts {
  /** Full service name that failed. */
  service?: string;
  errors?: KingdeeErrorItem[];
  /** Short, secret-free excerpt of the reply body. */
  bodySnippet?: string;
  cause?: unknown;
  /** Extra secret-free facts (formId, startRow, …). */
  extra?: Record<string, unknown>;
}

/** A Kingdee failure with the vendor's own facts: MsgCode, messages, offending field, item index. */
export class KingdeeError extends IntegrationError {
  readonly service?: string;
  readonly msgCode?: number;
  readonly httpStatus?: number;
  readonly messages: string[];
  readonly errors: KingdeeErrorItem[];
  /** Field key of the first error that names one. */
  readonly fieldName?: string;
  /** Input index of the first error that has one. */
  readonly dIndex?: number;

  constructor(init: KingdeeErrorInit, rules: readonly KingdeeErrorRule[] = kingdeeErrorRules) {
    const messages = init.messages ?? init.errors?.map((e) => e.message) ?? [];
    const rule = classifyKingdeeFailure({ ...init, messages }, rules);
    const fieldName = init.errors?.find((e) => e.fieldName)?.fieldName ?? undefined;
    const dIndex = init.errors?.find((e) => e.dIndex !== null)?.dIndex ?? undefined;
    const where = init.service ? shortServiceName(init.service) : 'Kingdee call';
    const what = [
      init.httpStatus !== undefined ? `HTTP ${init.httpStatus}` : undefined,
      init.msgCode !== undefined ? `MsgCode ${init.msgCode}` : undefined,
      fieldName ? `field ${fieldName}` : undefined,
      dIndex !== undefined ? `item ${dIndex}` : undefined,
    ].filter(Boolean);
    const text = messages.length > 0 ? messages.join('; ') : describeSource(init.source);
    super(`Kingdee ${where} failed: ${text}${what.length ? ` (${what.join(', ')})` : ''}. ${rule.hint}`, {
      code: rule.code,
      kind: rule.kind,
      cause: init.cause,
      details: {
        service: init.service,
        source: init.source,
        httpStatus: init.httpStatus,
        msgCode: init.msgCode,
        messages,
        errors: init.errors,
        fieldName,
        dIndex,
        body: init.bodySnippet,
        ...init.extra,
      },
    });
    this.name = 'KingdeeError';
    this.service = init.service;
    this.msgCode = init.msgCode;
    this.httpStatus = init.httpStatus;
    this.messages = messages;
    this.errors = init.errors ?? [];
    this.fieldName = fieldName;
    this.dIndex = dIndex;
  }
}

function describeSource(source: KingdeeFailureSource): string {
  switch (source) {
    case 'network':
      return 'network error';
    case 'timeout':
      return 'no reply before the timeout';
    case 'http':
      return 'unexpected HTTP status';
    case 'bad_body':
      return 'truncated or unparseable reply';
    case 'exception':
      return 'server exception';
    case 'login':
      return 'login refused';
    case 'shape':
      return 'unexpected reply shape';
    case 'too_large':
      return 'reply larger than maxReplyBytes';
    case 'paging':
      return 'the server does not page as asked';
    default:
      return 'request rejected';
  }
}

/** `Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.Save` → `DynamicFormService.Save`. */
export function shortServiceName(service: string): string {
  const parts = service.split(',')[0]!.split('.');
  return parts.slice(-2).join('.');
}
