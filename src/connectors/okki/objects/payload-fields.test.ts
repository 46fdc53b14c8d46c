import { describe, expect, it } from 'vitest';
import { amountField, codeField, idField, objectList, oneKey, stripInternal, textField } from './payload-fields.js';

describe('payload fields', () => {
  it('reads ids, text, amounts, lists and codes as the client types them; absent and null are not sent', () => {
    expect([
      idField(7, 'order', 'order_id'),
      idField('7', 'order', 'order_id'),
      idField(null, 'order', 'order_id'),
    ]).toEqual([7, '7', undefined]);
    expect([
      textField('SO-1', 'order', 'order_no'),
      textField(1001, 'order', 'order_no'),
      textField(undefined, 'order', 'order_no'),
    ]).toEqual(['SO-1', '1001', undefined]);
    expect([amountField('3.5', 'receipt', 'amount'), amountField(3.5, 'receipt', 'amount')]).toEqual(['3.5', 3.5]);
    expect(objectList([{ a: 1 }], 'company', 'customers')).toEqual([{ a: 1 }]);
    expect([
      codeField('2', [1, 2, 3], 'product', 'product_type'),
      codeField(3, [1, 2, 3], 'product', 'product_type'),
    ]).toEqual([2, 3]);
    expect(stripInternal({ _key: 'E1', name: 'x' })).toEqual({ name: 'x' });
  });

  it('fails the record with a message naming the object, the field and what it must be', () => {
    expect(() => textField({ FNumber: 'C1' }, 'company', 'serial_id')).toThrow(
      expect.objectContaining({
        kind: 'record',
        code: 'okki.payload_invalid',
        message:
          "OKKI company: serial_id must be text, but the mapping produced an object; fix the scheme's mapping of serial_id.",
      }),
    );
    expect(() => idField(true, 'receipt', 'order_id')).toThrow(
      expect.objectContaining({
        message: expect.stringContaining(
          'order_id must be an id (number or text), but the mapping produced boolean true',
        ),
      }),
    );
    expect(() => amountField([1], 'receipt', 'amount')).toThrow(expect.objectContaining({ kind: 'record' }));
    expect(() => objectList([{ a: 1 }, 'b'], 'company', 'customers')).toThrow(
      expect.objectContaining({ kind: 'record' }),
    );
    expect(() => codeField(4, [1, 2, 3], 'product', 'product_type')).toThrow(
      expect.objectContaining({ message: expect.stringContaining('product_type must be one of 1, 2, 3') }),
    );
  });

  it('takes exactly one key from a lookup query, or says which keys it needs', () => {
    expect(oneKey({ serial_id: 'CUST0001', other: 1 }, 'company', ['company_id', 'serial_id'])).toEqual([
      'serial_id',
      'CUST0001',
    ]);
    expect(oneKey({ company_id: 42 }, 'company', ['company_id', 'serial_id'])).toEqual(['company_id', '42']);
    expect(() => oneKey({ company_id: 1, serial_id: 'C' }, 'company', ['company_id', 'serial_id'])).toThrow(
      expect.objectContaining({ kind: 'config', code: 'okki.bad_key' }),
    );
    expect(() => oneKey({ name: 'x' }, 'product', ['product_id', 'product_no'])).toThrow(
      expect.objectContaining({
        message: expect.stringContaining('product lookups need exactly one of product_id / product_no'),
      }),
    );
  });
});
