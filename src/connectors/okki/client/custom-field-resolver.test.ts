import { describe, expect, it } from 'vitest';
import { IntegrationError } from '../../../core/errors.js';
import {
  applyCustomFieldNames,
  CustomFieldResolver,
  editDistance,
  similarNames,
  toOkkiFieldModule,
  type OkkiFieldModule,
} from './custom-field-resolver.js';
import type { OkkiFieldDescriptor } from '../okki.types.js';

const field = (id: string, name: string, isList = 0): OkkiFieldDescriptor => ({
  id,
  name,
  base: /^\d+$/.test(id) ? 0 : 1,
  field_type: 5,
  is_list: isList,
});
const ORDER_FIELDS = [
  field('order_no', '订单号'),
  field('5094664372713', '金蝶标识状态'),
  field('20528077262544', '物流费', 1),
  field('20528077262545', 'Q1返利', 1),
  field('20528077262546', 'Q2返利', 1),
  field('30000000000001', '备注', 0),
  field('30000000000002', '备注', 1),
];

function resolver(): { resolver: CustomFieldResolver; loads: OkkiFieldModule[] } {
  const loads: OkkiFieldModule[] = [];
  return {
    loads,
    resolver: new CustomFieldResolver(async (module) => {
      loads.push(module);
      await new Promise((r) => setTimeout(r, 5));
      return ORDER_FIELDS;
    }),
  };
}

describe('CustomFieldResolver', () => {
  it('resolves display names to numeric ids, loading the dictionary once for concurrent callers', async () => {
    const { resolver: r, loads } = resolver();
    const ids = await Promise.all([
      r.customFieldId('order', '金蝶标识状态'),
      r.customFieldId('order', '物流费'),
      r.customFieldId('order', 'q1返利'),
    ]);
    expect(ids).toEqual(['5094664372713', '20528077262544', '20528077262545']);
    expect(await r.customFieldId('order', '20528077262546')).toBe('20528077262546');
    expect(loads).toEqual(['order']);
  });

  it('never resolves a system field, and names similar fields when a name is unknown', async () => {
    const { resolver: r } = resolver();
    const error = await r.customFieldId('order', 'Q3返利').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(IntegrationError);
    expect((error as IntegrationError).kind).toBe('config');
    expect((error as IntegrationError).code).toBe('okki.custom_field_unknown');
    expect((error as IntegrationError).message).toContain('"Q3返利"');
    expect((error as IntegrationError).details.similar).toEqual(['Q1返利', 'Q2返利']);
    await expect(r.customFieldId('order', '订单号')).rejects.toMatchObject({ code: 'okki.custom_field_unknown' });
  });

  it('asks for a level or an id when a name exists on header and lines', async () => {
    const { resolver: r } = resolver();
    await expect(r.customFieldId('order', '备注')).rejects.toMatchObject({ code: 'okki.custom_field_ambiguous' });
    expect(await r.customFieldId('order', '备注', { level: 'line' })).toBe('30000000000002');
    expect(await r.customFieldId('order', '备注', { level: 'header' })).toBe('30000000000001');
  });

  it('does not cache a failed load', async () => {
    let calls = 0;
    const r = new CustomFieldResolver(async () => {
      calls++;
      if (calls === 1) throw new Error('boom');
      return ORDER_FIELDS;
    });
    await expect(r.customFieldId('order', '物流费')).rejects.toThrow('boom');
    expect(await r.customFieldId('order', '物流费')).toBe('20528077262544');
  });
});

describe('similarNames / editDistance', () => {
  it('ranks containment before edit distance and drops far names', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(similarNames('返利', ['Q1返利', '年度返利', '物流费'])).toEqual(['Q1返利', '年度返利']);
    expect(similarNames('物流', ['物流费', '售后费'])).toEqual(['物流费']);
  });
});

describe('toOkkiFieldModule', () => {
  it('accepts the names schemes use and refuses others with the list', () => {
    expect(toOkkiFieldModule('Orders')).toBe('order');
    expect(toOkkiFieldModule('invoices/receipt')).toBe('receipt');
    expect(toOkkiFieldModule('联系人')).toBe('customer');
    expect(() => toOkkiFieldModule('lead')).toThrow(/order, receipt, company, customer, product/);
  });
});

describe('applyCustomFieldNames', () => {
  it('renames display-name keys on header and lines, keeps system keys and ids', async () => {
    const { resolver: r } = resolver();
    const out = await applyCustomFieldNames(r, 'order', {
      order_no: 'SO1',
      金蝶标识状态: '已同步',
      '20528077262546': 1,
      product_list: [{ product_id: 1, 物流费: 3, 备注: 'line note' }],
    });
    expect(out).toEqual({
      order_no: 'SO1',
      '5094664372713': '已同步',
      '20528077262546': 1,
      product_list: [{ product_id: 1, '20528077262544': 3, '30000000000002': 'line note' }],
    });
    await expect(applyCustomFieldNames(r, 'order', { 运费: 1 })).rejects.toMatchObject({
      code: 'okki.custom_field_unknown',
    });
  });
});
