import { describe, expect, it } from 'vitest';
import { evaluate, fakeServices } from './test-helpers.js';

const synced = { customers: { CUST0001: { company_id: 1001 }, CUST0002: { other: 1 } } };

describe('$lookup', () => {
  it('returns a target id another scheme synced', async () => {
    const { services, calls } = fakeServices({ synced });
    expect(
      await evaluate(
        "$lookup('customers', `FCustId.FNumber`, 'company_id')",
        { 'FCustId.FNumber': 'CUST0001' },
        { services },
      ),
    ).toBe(1001);
    expect(await evaluate("$lookup('customers', 'CUST0001')", {}, { services })).toEqual({ company_id: 1001 });
    expect(calls[0]).toEqual({ fn: 'lookupSynced', args: ['customers', 'CUST0001'] });
  });

  it('throws lookup_missing naming scheme and key when nothing was synced', async () => {
    const { services } = fakeServices({ synced });
    await expect(evaluate("$lookup('customers', 'CUST9', 'company_id')", {}, { services })).rejects.toMatchObject({
      kind: 'lookup_missing',
      code: 'mapping.lookup_missing',
      message: expect.stringMatching(/scheme "customers" has not synced "CUST9"/),
    });
  });

  it('is a record error when the synced ids lack the field', async () => {
    const { services } = fakeServices({ synced });
    await expect(evaluate("$lookup('customers', 'CUST0002', 'company_id')", {}, { services })).rejects.toMatchObject({
      kind: 'record',
      code: 'mapping.lookup_field_missing',
      message: expect.stringContaining('it has: other'),
    });
  });

  it('skips the lookup for an empty key', async () => {
    const { services, calls } = fakeServices({ synced });
    expect(await evaluate("$lookup('customers', missing, 'company_id')", {}, { services })).toBeUndefined();
    expect(calls).toEqual([]);
  });

  it('stringifies numeric keys', async () => {
    const { services, calls } = fakeServices({ synced: { s: { '42': { id: 'x' } } } });
    expect(await evaluate("$lookup('s', 42, 'id')", {}, { services })).toBe('x');
    expect(calls[0].args).toEqual(['s', '42']);
  });
});

describe('$targetLookup', () => {
  it('asks the target once per distinct question within a run', async () => {
    const { services, calls } = fakeServices({
      target: (args) => `${(args[2] as { serial_id: string }).serial_id}-id`,
    });
    const caches = new Map();
    const expr = "[lines.$targetLookup('okki', 'company', { 'serial_id': c }, 'company_id')]";
    const result = await evaluate(expr, { lines: [{ c: 'A' }, { c: 'B' }, { c: 'A' }] }, { services, caches });
    expect(result).toEqual(['A-id', 'B-id', 'A-id']);
    await evaluate(expr, { lines: [{ c: 'A' }] }, { services, caches });
    expect(calls.filter((c) => c.fn === 'lookupTarget')).toHaveLength(2);
    expect(calls[0].args).toEqual(['okki', 'company', { serial_id: 'A' }, 'company_id']);
  });

  it('gives undefined when nothing matches', async () => {
    const { services } = fakeServices({ target: () => null });
    expect(await evaluate("$targetLookup('okki', 'company', {}, 'company_id')", {}, { services })).toBeUndefined();
  });
});

describe('$customField', () => {
  it('returns the custom field id, usable as an object key', async () => {
    const { services, calls } = fakeServices({ fields: { 物流费: '5094664372713' } });
    expect(await evaluate("$customField('okki', 'order', '物流费')", {}, { services })).toBe('5094664372713');
    expect(
      await evaluate("{ $customField('okki', 'order', '物流费'): amount }", { amount: '1.20' }, { services }),
    ).toEqual({ '5094664372713': '1.20' });
    expect(calls[0]).toEqual({ fn: 'customFieldId', args: ['okki', 'order', '物流费'] });
  });

  it('fails clearly without services (e.g. in a filter)', async () => {
    await expect(evaluate("$customField('okki', 'order', 'x')")).rejects.toMatchObject({
      code: 'mapping.services_unavailable',
    });
  });
});
