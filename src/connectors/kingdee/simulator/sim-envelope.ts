/**
 * Request decoding and reply shapes of the `.common.kdsvc` protocol: the three body encodings
 * (named keys, positional `parameters`, .NET envelope with `parameters` as a JSON string) and the
 * `Result.ResponseStatus` envelope.
 */
export interface ServiceSpec {
  /** Short canonical name, e.g. `ExecuteBillQuery`, `ValidateUser`. */
  name: string;
  /** Positional parameter names (lower-case), in the stub method's order. */
  params: string[];
  group: 'auth' | 'account' | 'form';
}

const AUTH = 'kingdee.bos.webapi.servicesstub.authservice.';
const FORM = 'kingdee.bos.webapi.servicesstub.dynamicformservice.';
const ACCOUNT = 'kingdee.bos.servicefacade.servicesstub.account.accountservice.';

const SPECS: Array<[string, ServiceSpec]> = [
  [`${AUTH}validateuser`, { name: 'ValidateUser', params: ['acctid', 'username', 'password', 'lcid'], group: 'auth' }],
  [
    `${AUTH}validateuser2`,
    { name: 'ValidateUser2', params: ['acctid', 'username', 'password', 'iskickoff', 'lcid'], group: 'auth' },
  ],
  [
    `${AUTH}loginbyappsecret`,
    { name: 'LoginByAppSecret', params: ['acctid', 'username', 'appid', 'appsecret', 'lcid'], group: 'auth' },
  ],
  [
    `${AUTH}loginbyappsecret2`,
    {
      name: 'LoginByAppSecret2',
      params: ['acctid', 'username', 'appid', 'appsecret', 'iskickoff', 'lcid'],
      group: 'auth',
    },
  ],
  [
    `${AUTH}loginbysign`,
    { name: 'LoginBySign', params: ['acctid', 'username', 'appid', 'timestamp', 'sign', 'lcid'], group: 'auth' },
  ],
  [
    `${AUTH}loginbysign2`,
    {
      name: 'LoginBySign2',
      params: ['acctid', 'username', 'appid', 'timestamp', 'sign', 'iskickoff', 'lcid'],
      group: 'auth',
    },
  ],
  [`${AUTH}logout`, { name: 'Logout', params: [], group: 'auth' }],
  [`${ACCOUNT}getdatacenterlist`, { name: 'GetDataCenterList', params: [], group: 'account' }],
  [`${FORM}executebillquery`, { name: 'ExecuteBillQuery', params: ['data'], group: 'form' }],
  [`${FORM}billquery`, { name: 'BillQuery', params: ['data'], group: 'form' }],
  [`${FORM}querybusinessinfo`, { name: 'QueryBusinessInfo', params: ['data'], group: 'form' }],
  [`${FORM}excuteoperation`, { name: 'ExcuteOperation', params: ['formid', 'opnumber', 'data'], group: 'form' }],
  [`${FORM}executeoperation`, { name: 'ExcuteOperation', params: ['formid', 'opnumber', 'data'], group: 'form' }],
  ...['View', 'Save', 'BatchSave', 'Draft', 'Submit', 'Audit', 'UnAudit', 'Delete', 'CancelAssign'].map(
    (name): [string, ServiceSpec] => [FORM + name.toLowerCase(), { name, params: ['formid', 'data'], group: 'form' }],
  ),
];
const BY_NAME = new Map(SPECS);

/** Full service name from a request path (`/k3cloud/<Service>.common.kdsvc`), case-insensitive; undefined when not a service path. */
export function serviceNameFromPath(pathname: string): string | undefined {
  const m = /^\/k3cloud\/(.+)\.common\.kdsvc$/i.exec(decodeURIComponent(pathname));
  return m ? m[1] : undefined;
}

export function lookupService(fullName: string): ServiceSpec | undefined {
  return BY_NAME.get(fullName.toLowerCase());
}

/** A body the stub cannot bind (not JSON, or `data` not JSON): answered as a `response_error:` text. */
export class BodyError extends Error {}

/** Decodes a request body into lower-cased named arguments, whichever of the three encodings was used. */
export function decodeArgs(body: string, spec: ServiceSpec): Record<string, unknown> {
  let parsed: unknown = {};
  if (body.trim()) {
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new BodyError('请求数据不是有效的JSON格式。');
    }
  }
  const named: Record<string, unknown> = {};
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    for (const [k, v] of Object.entries(parsed)) named[k.toLowerCase()] = v;
  }
  let positional: unknown = named.parameters;
  if (Array.isArray(parsed)) positional = parsed;
  if (typeof positional === 'string') {
    try {
      positional = JSON.parse(positional);
    } catch {
      throw new BodyError('parameters 不是有效的JSON数组。');
    }
  }
  const args: Record<string, unknown> = {};
  if (Array.isArray(positional)) spec.params.forEach((name, i) => (args[name] = positional[i]));
  else for (const name of spec.params) args[name] = named[name];
  if (typeof args.data === 'string') {
    try {
      args.data = args.data.trim() ? JSON.parse(args.data) : {};
    } catch {
      throw new BodyError('参数data不是有效的JSON格式。');
    }
  }
  return args;
}

export interface KdError {
  FieldName: string | null;
  Message: string;
  DIndex: number;
}
export interface KdSuccess {
  Id: number;
  Number: string;
  DIndex: number;
}

/** `{"Result":{"ResponseStatus":{…}, …extra}}`; failures carry ErrorCode 500 and the MsgCode. */
export function statusReply(options: {
  errors?: KdError[];
  successes?: KdSuccess[];
  messages?: KdError[];
  msgCode?: number;
  extra?: Record<string, unknown>;
}): unknown {
  const errors = options.errors ?? [];
  const ok = errors.length === 0;
  const status: Record<string, unknown> = ok ? {} : { ErrorCode: 500 };
  Object.assign(status, {
    IsSuccess: ok,
    Errors: errors,
    SuccessEntitys: options.successes ?? [],
    SuccessMessages: options.messages ?? [],
    MsgCode: ok ? 0 : (options.msgCode ?? 11),
  });
  return { Result: { ResponseStatus: status, ...(options.extra ?? {}) } };
}

export function errorReply(msgCode: number, message: string, fieldName: string | null = null): unknown {
  return statusReply({ errors: [{ FieldName: fieldName, Message: message, DIndex: 0 }], msgCode });
}

/** Session-lost text per locale. */
export function sessionLostMessage(lcid: number): string {
  return lcid === 1033 ? 'Session information is lost, please log in again.' : '会话信息已丢失，请重新登录';
}
