import type { MasterData } from '../../simulator-kit/master-data.js';
import { type BillQueryEngine, KdBusinessError } from './bill-query.js';
import { beijingNow } from './sim-clock.js';
import { errorReply, sessionLostMessage, statusReply, type ServiceSpec } from './sim-envelope.js';
import type { FaultInjector } from './sim-faults.js';
import type { SimAuth, Session } from './sim-auth.js';
import { saveService } from './sim-save.js';
import type { SimStore } from './sim-store.js';
import { viewService } from './sim-view.js';
import { executeOperation, statusOperation, type StatusOp } from './sim-writes.js';
import { pick, type WriteOptions } from './sim-write-context.js';

export interface DispatchDeps {
  store: SimStore;
  master: MasterData;
  auth: SimAuth;
  faults: FaultInjector;
  query: BillQueryEngine;
  write: WriteOptions;
  acctId: string;
  lcid: number;
  userId: number;
  /** Without a session, View answers an empty Result (reference §2.3) or, when 'sessionLost', MsgCode 1. */
  viewWithoutSession: 'empty' | 'sessionLost';
  now: () => number;
}

export interface DispatchResult {
  body: unknown;
  newSession?: Session;
  truncate?: boolean;
}

/** Error replies are wrapped per service: `[[…]]` for ExecuteBillQuery, a plain object elsewhere. */
function wrapError(spec: ServiceSpec, reply: unknown): unknown {
  return spec.name === 'ExecuteBillQuery' ? [[reply]] : reply;
}

/** Runs one decoded service call. Never throws for business errors. */
export function dispatch(
  deps: DispatchDeps,
  spec: ServiceSpec,
  args: Record<string, unknown>,
  headers: Record<string, string | string[] | undefined>,
  path: string,
): DispatchResult {
  if (spec.group === 'account') {
    return {
      body: [
        {
          Id: deps.acctId,
          Number: 'QIAO',
          Name: 'qiao演示账套',
          Version: '8.2.612.8',
          GDCID: '',
          AuthenticationMethods: [
            { AuthenticationMethodType: 1, Name: '密码认证' },
            { AuthenticationMethodType: 4, Name: '第三方系统登录授权' },
          ],
        },
      ],
    };
  }
  if (spec.group === 'auth') {
    if (spec.name === 'Logout') return { body: deps.auth.logout(deps.auth.sessionOf(headers)) };
    const { body, session } = deps.auth.login(spec.name, args);
    return { body, newSession: session };
  }
  let session = deps.auth.sessionOf(headers);
  let newSession: Session | undefined;
  const signed = deps.auth.verifySignatureHeaders(headers, path);
  if (signed === 'invalid') session = undefined;
  else if (signed !== 'none' && !session)
    session = newSession = deps.auth.newSession(signed.user, signed.lcid, 'signature');
  const lost = () => wrapError(spec, errorReply(1, sessionLostMessage(session?.lcid ?? deps.lcid)));
  if (!session) {
    if (spec.name === 'View' && deps.viewWithoutSession === 'empty') return { body: { Result: {} } };
    return { body: lost() };
  }
  if (deps.faults.due('sessionExpiry')) {
    deps.auth.drop(session);
    return { body: lost() };
  }
  if (deps.faults.due('callLimit'))
    return { body: wrapError(spec, errorReply(14, '接口调用次数超过限制（调用限制），请稍后再试。')), newSession };
  if (deps.faults.due('networkConflict')) {
    const numbers = pick(args.data, 'Numbers');
    const bill = Array.isArray(numbers) && numbers.length ? String(numbers[0]) : 'XSDD000001';
    return {
      body: wrapError(
        spec,
        errorReply(13, `“${session.user}”使用业务单据：销售订单-业务操作-“[${bill}-修改]”冲突，请稍候再使用。`),
      ),
      newSession,
    };
  }
  try {
    return { body: runFormService(deps, spec, args, session), newSession };
  } catch (error) {
    if (error instanceof KdBusinessError)
      return { body: wrapError(spec, errorReply(error.msgCode, error.message, error.fieldName)), newSession };
    throw error;
  }
}

function runFormService(
  deps: DispatchDeps,
  spec: ServiceSpec,
  args: Record<string, unknown>,
  session: Session,
): unknown {
  const data = (args.data && typeof args.data === 'object' ? args.data : {}) as Record<string, unknown>;
  if (spec.name === 'ExecuteBillQuery' || spec.name === 'BillQuery') {
    const { keys, rows } = deps.query.execute(data);
    if (spec.name === 'ExecuteBillQuery') return rows;
    return rows.map((row) => Object.fromEntries(keys.map((k, i) => [k, row[i]])));
  }
  const formId = String(
    spec.name === 'QueryBusinessInfo' ? (pick(data, 'FormId') ?? '') : (args.formid ?? pick(data, 'FormId') ?? ''),
  ).trim();
  if (!formId) throw new KdBusinessError(5, '表单标识FormId不能为空');
  const formStore = deps.store.form(formId);
  if (!formStore) throw new KdBusinessError(4, `标识为“${formId}”的业务对象不存在，或者被删除。`);
  const ctx = {
    store: deps.store,
    master: deps.master,
    userId: session.userId,
    now: beijingNow(deps.now()),
    options: deps.write,
  };
  switch (spec.name) {
    case 'View':
      return viewService(deps.store, formStore, data, session.lcid);
    case 'Save':
    case 'BatchSave':
    case 'Draft':
      return saveService(ctx, formStore, data, spec.name);
    case 'Submit':
    case 'Audit':
    case 'UnAudit':
    case 'Delete':
    case 'CancelAssign':
      return statusOperation(ctx, formStore, data, spec.name as StatusOp);
    case 'ExcuteOperation':
      return executeOperation(ctx, formStore, String(args.opnumber ?? ''), data);
    case 'QueryBusinessInfo': {
      const def = formStore.def;
      const fieldsOf = (entity?: string) =>
        def.fields
          .filter((f) => f.entity === entity)
          .map((f) => ({ Key: f.key, FieldType: f.type, LookUpObject: f.ref ?? null }));
      return statusReply({
        extra: {
          NeedReturnData: {
            Id: def.formId,
            Name: [{ Key: session.lcid, Value: def.caption }],
            PkFieldName: def.pkKey,
            BillNoFieldName: def.numberKey,
            Entrys: [
              { Key: 'FBillHead', EntityType: 'HeadEntity', Fields: fieldsOf() },
              ...Object.entries(def.entities).map(([k, caption]) => ({
                Key: k,
                Name: caption,
                EntityType: 'EntryEntity',
                Fields: fieldsOf(k),
              })),
            ],
          },
        },
      });
    }
    default:
      throw new KdBusinessError(4, `服务${spec.name}未实现`);
  }
}
