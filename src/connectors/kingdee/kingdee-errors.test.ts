import { describe, expect, it } from 'vitest';
import { IntegrationError } from '../../core/errors.js';
import {
  classifyKingdeeFailure,
  isSessionLost,
  KingdeeError,
  kingdeeErrorRules,
  type KingdeeFailureFacts,
} from './kingdee-errors.js';

const cases: Array<[string, KingdeeFailureFacts, string, string]> = [
  ['timeout on a read', { source: 'timeout' }, 'transient', 'kingdee.timeout'],
  ['timeout on a write', { source: 'timeout', write: true }, 'outcome_unknown', 'kingdee.timeout'],
  ['connection refused on a write', { source: 'network', write: true, sent: false }, 'transient', 'kingdee.network'],
  ['reset on a write', { source: 'network', write: true }, 'outcome_unknown', 'kingdee.network'],
  ['reset on a read', { source: 'network' }, 'transient', 'kingdee.network'],
  ['502 from the proxy', { source: 'http', httpStatus: 502 }, 'transient', 'kingdee.http_5xx'],
  ['502 on a write', { source: 'http', httpStatus: 502, write: true }, 'outcome_unknown', 'kingdee.http_5xx'],
  ['429', { source: 'http', httpStatus: 429 }, 'rate_limited', 'kingdee.http_429'],
  ['404: wrong base URL', { source: 'http', httpStatus: 404 }, 'config', 'kingdee.http_not_found'],
  ['403', { source: 'http', httpStatus: 403 }, 'config', 'kingdee.http_forbidden'],
  ['truncated body', { source: 'bad_body' }, 'transient', 'kingdee.bad_body'],
  ['truncated body of a save', { source: 'bad_body', write: true }, 'outcome_unknown', 'kingdee.bad_body'],
  ['reply over the cap', { source: 'too_large' }, 'config', 'kingdee.reply_too_large'],
  ['save reply over the cap', { source: 'too_large', write: true }, 'outcome_unknown', 'kingdee.reply_too_large'],
  ['server ignoring StartRow', { source: 'paging' }, 'config', 'kingdee.paging_broken'],
  [
    'unknown service',
    { source: 'exception', messages: ['Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.X no found.'] },
    'config',
    'kingdee.service_not_found',
  ],
  [
    'server exception',
    { source: 'exception', messages: ['Object reference not set'] },
    'transient',
    'kingdee.server_exception',
  ],
  ['bad password', { source: 'login', messages: ['用户名或密码错误！'] }, 'config', 'kingdee.login_failed'],
  ['locked user', { source: 'login', messages: ['密码错误次数超限，用户已被锁定'] }, 'config', 'kingdee.user_locked'],
  ['session lost by code', { source: 'status', msgCode: 1 }, 'transient', 'kingdee.session_lost'],
  [
    'session lost by text',
    { source: 'status', msgCode: 0, messages: ['Session information is lost, please login again'] },
    'transient',
    'kingdee.session_lost',
  ],
  [
    'permission',
    { source: 'status', msgCode: 2, messages: ['没有销售订单的查看权限'] },
    'config',
    'kingdee.permission_denied',
  ],
  [
    'unknown form',
    { source: 'status', msgCode: 4, messages: ['标识为“SAL_Nope”的业务对象不存在，或者被删除。'] },
    'config',
    'kingdee.unknown_form',
  ],
  [
    'other MsgCode 4 on a query',
    { source: 'status', msgCode: 4, messages: ['语法错误'] },
    'config',
    'kingdee.query_failed',
  ],
  [
    'other MsgCode 4 on a write',
    { source: 'status', msgCode: 4, messages: ['未将对象引用设置到对象的实例'], write: true },
    'record',
    'kingdee.rejected',
  ],
  [
    'unknown field',
    { source: 'status', msgCode: 9, messages: ['元数据中标识为FImage的字段不存在'] },
    'config',
    'kingdee.unknown_field',
  ],
  [
    'unknown field on a write',
    { source: 'status', msgCode: 9, messages: ['元数据中标识为FFoo的字段不存在'], write: true },
    'config',
    'kingdee.unknown_field',
  ],
  [
    'missing value on a write',
    { source: 'status', msgCode: 9, messages: ['客户编码CUST9999不存在'], write: true },
    'record',
    'kingdee.value_not_found',
  ],
  [
    'validation',
    { source: 'status', msgCode: 11, messages: ['单据已经审核！'], write: true },
    'record',
    'kingdee.validation_failed',
  ],
  ['network control', { source: 'status', msgCode: 13 }, 'transient', 'kingdee.network_control_conflict'],
  [
    'network control by text',
    {
      source: 'status',
      msgCode: 11,
      messages: ['"X"使用业务单据：…业务操作-"[销售订单-修改]"冲突，请稍候再使用。'],
      write: true,
    },
    'transient',
    'kingdee.network_control_conflict',
  ],
  ['call limit', { source: 'status', msgCode: 14 }, 'rate_limited', 'kingdee.call_limit'],
  ['database', { source: 'status', msgCode: 6 }, 'transient', 'kingdee.database_error'],
  ['licence', { source: 'status', msgCode: 7 }, 'config', 'kingdee.account_refused'],
  ['no code, write', { source: 'status', msgCode: 0, write: true }, 'record', 'kingdee.rejected'],
  ['no code, read', { source: 'status', msgCode: 0 }, 'config', 'kingdee.rejected'],
  ['odd JSON', { source: 'shape' }, 'internal', 'kingdee.unexpected_reply'],
];

describe('Kingdee error classification table', () => {
  it.each(cases)('%s', (_name, facts, kind, code) => {
    const rule = classifyKingdeeFailure(facts);
    expect({ kind: rule.kind, code: rule.code }).toEqual({ kind, code });
  });

  it('ends in a catch-all rule', () => {
    expect(kingdeeErrorRules[kingdeeErrorRules.length - 1]!.match).toEqual({});
  });

  it('detects a lost session by code or by text', () => {
    expect(isSessionLost(1, [])).toBe(true);
    expect(isSessionLost(0, ['会话信息已丢失，请重新登录'])).toBe(true);
    expect(isSessionLost(11, ['单据已经审核！'])).toBe(false);
  });
});

describe('KingdeeError', () => {
  it('carries MsgCode, messages, FieldName and DIndex and says what to do', () => {
    const error = new KingdeeError({
      source: 'status',
      msgCode: 11,
      write: true,
      service: 'Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.BatchSave',
      errors: [
        { fieldName: null, message: '第一条通过', dIndex: null },
        { fieldName: 'FQty', message: '销售数量必须大于0', dIndex: 3 },
      ],
    });
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error.kind).toBe('record');
    expect(error.code).toBe('kingdee.validation_failed');
    expect(error.msgCode).toBe(11);
    expect(error.fieldName).toBe('FQty');
    expect(error.dIndex).toBe(3);
    expect(error.messages).toEqual(['第一条通过', '销售数量必须大于0']);
    expect(error.message).toContain('DynamicFormService.BatchSave');
    expect(error.message).toContain('field FQty');
    expect(error.message).toContain('fix it');
    expect(error.toJSON().details).toMatchObject({ msgCode: 11, fieldName: 'FQty', dIndex: 3 });
  });

  it('classifies by the messages of its error items', () => {
    const error = new KingdeeError({
      source: 'status',
      msgCode: 4,
      errors: [{ fieldName: null, message: '标识为“SAL_X”的业务对象不存在，或者被删除。', dIndex: 0 }],
    });
    expect(error.code).toBe('kingdee.unknown_form');
  });

  it('uses a description of the source when the server sent no message', () => {
    const error = new KingdeeError({
      source: 'http',
      httpStatus: 502,
      service: 'Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery',
    });
    expect(error.message).toMatch(/unexpected HTTP status \(HTTP 502\)/);
    expect(error.retryable).toBe(true);
  });
});
