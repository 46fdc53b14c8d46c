import { describe, expect, it } from 'vitest';
import type { CatalogOperation } from '../api/types.js';
import { findOperation, labelMap } from './use-catalog.js';

const op = (connector: string, operation: string, keys: string[] = []): CatalogOperation => ({
  connector,
  operation,
  label: operation,
  requestFields: [],
  responseFields: keys.map((key) => ({ key, label: `label of ${key}`, type: 'string' })),
});

const catalog = [
  op('kingdee', 'executeBillQuery.SAL_SaleOrder', ['FBillNo']),
  op('kingdee', 'executeBillQuery.BD_Customer'),
  op('okki', 'order.push', ['order_id']),
];

describe('findOperation', () => {
  it('finds a Kingdee query by api and FormId', () => {
    expect(findOperation(catalog, 'kingdee', 'ExecuteBillQuery', 'SAL_SaleOrder')?.operation).toBe(
      'executeBillQuery.SAL_SaleOrder',
    );
    expect(findOperation(catalog, 'kingdee', 'ExecuteBillQuery', 'BD_Customer')?.operation).toBe(
      'executeBillQuery.BD_Customer',
    );
  });

  it('matches operation names loosely and prefers the named connector', () => {
    expect(findOperation(catalog, 'okki', 'orders.push')?.operation).toBe('order.push');
    expect(findOperation([...catalog, op('other', 'order.push')], 'other', 'order.push')?.connector).toBe('other');
    expect(findOperation(catalog, 'okki', 'nothing.here')).toBeUndefined();
    expect(findOperation(null, 'okki', 'order.push')).toBeUndefined();
  });

  it('maps field keys to labels', () => {
    expect(labelMap(catalog[0]).get('FBillNo')).toBe('label of FBillNo');
    const labels = labelMap(op('kingdee', 'q', ['FCustId.FNumber']));
    expect(labels.get('FCustId_FNumber')).toBe('label of FCustId.FNumber');
  });
});
