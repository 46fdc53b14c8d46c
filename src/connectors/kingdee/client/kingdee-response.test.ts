import { describe, expect, it } from 'vitest';
import { parseKingdeeReply } from './kingdee-response.js';

const queryError =
  '[[{"Result":{"ResponseStatus":{"ErrorCode":500,"IsSuccess":false,"Errors":[{"FieldName":null,"Message":"元数据中标识为FImage的字段不存在","DIndex":0}],"SuccessEntitys":[],"SuccessMessages":[],"MsgCode":9}}}]]';

describe('parseKingdeeReply', () => {
  it('keeps query rows as data', () => {
    const reply = parseKingdeeReply('[[100001,"XSDD000001","2025-01-02T00:00:00","C"],[100002,"XSDD000002",null," "]]');
    expect(reply).toEqual({
      kind: 'data',
      value: [
        [100001, 'XSDD000001', '2025-01-02T00:00:00', 'C'],
        [100002, 'XSDD000002', null, ' '],
      ],
    });
  });

  it('keeps an empty page as data', () => {
    expect(parseKingdeeReply('[]')).toEqual({ kind: 'data', value: [] });
  });

  it('recognises the [[{Result:{ResponseStatus}}]] query error wrapper, not as a row', () => {
    const reply = parseKingdeeReply(queryError);
    expect(reply.kind).toBe('status');
    if (reply.kind !== 'status') return;
    expect(reply.wrapping).toBe('nested');
    expect(reply.status).toMatchObject({ isSuccess: false, msgCode: 9, errorCode: 500 });
    expect(reply.status.errors).toEqual([{ fieldName: null, message: '元数据中标识为FImage的字段不存在', dIndex: 0 }]);
  });

  it('reads a plain Result.ResponseStatus envelope with entities and extra keys', () => {
    const reply = parseKingdeeReply(
      '{"Result":{"ResponseStatus":{"IsSuccess":true,"Errors":[],"SuccessEntitys":[{"Id":140670,"Number":"MBCGRK-2023051500004","DIndex":0}],"SuccessMessages":[],"MsgCode":0},"Id":140670,"Number":"MBCGRK-2023051500004","NeedReturnData":[{}]}}',
    );
    expect(reply.kind).toBe('status');
    if (reply.kind !== 'status') return;
    expect(reply.wrapping).toBe('object');
    expect(reply.status.isSuccess).toBe(true);
    expect(reply.status.errorCode).toBeUndefined();
    expect(reply.status.successEntities).toEqual([{ id: 140670, number: 'MBCGRK-2023051500004', dIndex: 0 }]);
    expect(reply.result.NeedReturnData).toEqual([{}]);
  });

  it("coerces the documentation template's string booleans and codes", () => {
    const reply = parseKingdeeReply(
      '{"Result":{"ResponseStatus":{"ErrorCode":"","IsSuccess":"false","MsgCode":"11","Errors":[{"FieldName":"FQty","Message":"数量必须大于0","DIndex":"2"}]}}}',
    );
    if (reply.kind !== 'status') throw new Error(`expected status, got ${reply.kind}`);
    expect(reply.status).toMatchObject({ isSuccess: false, msgCode: 11, errorCode: undefined });
    expect(reply.status.errors[0]).toEqual({ fieldName: 'FQty', message: '数量必须大于0', dIndex: 2 });
    expect(reply.status.successEntities).toEqual([]);
  });

  it('recognises the [{Result…}] wrapper of BillQuery errors and Unicode-escaped messages', () => {
    const reply = parseKingdeeReply(
      '[{"Result":{"ResponseStatus":{"IsSuccess":false,"MsgCode":1,"Errors":[{"FieldName":null,"Message":"\\u4f1a\\u8bdd\\u4fe1\\u606f\\u5df2\\u4e22\\u5931","DIndex":0}]}}}]',
    );
    if (reply.kind !== 'status') throw new Error(`expected status, got ${reply.kind}`);
    expect(reply.wrapping).toBe('array');
    expect(reply.status.errors[0]!.message).toBe('会话信息已丢失');
  });

  it('recognises a bare error list', () => {
    const reply = parseKingdeeReply('[{"FieldName":null,"Message":"会话信息已丢失，请重新登录","DIndex":0}]');
    expect(reply).toEqual({
      kind: 'errorList',
      errors: [{ fieldName: null, message: '会话信息已丢失，请重新登录', dIndex: 0 }],
    });
  });

  it('keeps BillQuery objects as data', () => {
    const reply = parseKingdeeReply('[{"FNumber":"MAT001","FName":"测试物料"}]');
    expect(reply).toEqual({ kind: 'data', value: [{ FNumber: 'MAT001', FName: '测试物料' }] });
  });

  it('extracts the message of response_error: text', () => {
    const reply = parseKingdeeReply(
      'response_error:发生时间：\t2026-05-11 10:24:36\r\n错误编号：\t0123456789abcdef0123456789abcdef\r\n错误信息：\tKingdee.BOS.WebApi.ServicesStub.DynamicFormService.AttachmentQuery no found.',
    );
    expect(reply).toEqual({
      kind: 'exception',
      message: 'Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.AttachmentQuery no found.',
    });
  });

  it('extracts the message of a JSON exception after response_error:', () => {
    expect(parseKingdeeReply('response_error:{"Message":"boom","InnerException":null}')).toEqual({
      kind: 'exception',
      message: 'boom',
    });
  });

  it('reports truncated and empty bodies as unparseable', () => {
    expect(parseKingdeeReply('[[1,"XSDD0000').kind).toBe('unparseable');
    expect(parseKingdeeReply('').kind).toBe('unparseable');
    expect(parseKingdeeReply('<html><body>502 Bad Gateway</body></html>').kind).toBe('unparseable');
  });

  it('treats a LoginResult and a boolean as data', () => {
    expect(parseKingdeeReply('{"LoginResultType":1,"KDSVCSessionId":"abc"}')).toEqual({
      kind: 'data',
      value: { LoginResultType: 1, KDSVCSessionId: 'abc' },
    });
    expect(parseKingdeeReply('true')).toEqual({ kind: 'data', value: true });
  });

  it('tolerates a byte-order mark and leading whitespace', () => {
    expect(parseKingdeeReply('\ufeff  [[1]]')).toEqual({ kind: 'data', value: [[1]] });
  });
});
