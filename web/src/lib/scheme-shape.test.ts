import { describe, expect, it } from 'vitest';
import { fieldKeysOf, scheduleText, schemeView } from './scheme-shape.js';

describe('schemeView', () => {
  it('reads the three steps of a scheme document', () => {
    const view = schemeView({
      version: 1,
      id: 'orders',
      name: '销售订单',
      source: {
        connection: 'kingdee',
        api: 'ExecuteBillQuery',
        params: { FormId: 'SAL_SaleOrder', FieldKeys: 'FBillNo, FDate' },
        group: { key: 'FBillNo', lineKey: 'FEntryID' },
        cursor: { fields: ['FModifyDate'], start: '2026-01-01T00:00:00' },
      },
      mapping: { document: { order_no: 'FBillNo', count: 3, remark: null } },
      target: { connection: 'okki', api: 'order.push', key: 'order_no' },
      settings: { schedule: { cron: '*/5 * * * *' }, retry: { attempts: 4 }, preconditions: ['customers'] },
    });
    expect(view.source.fieldKeys).toEqual(['FBillNo', 'FDate']);
    expect(view.source.groupKey).toBe('FBillNo');
    expect(view.mapping).toEqual([
      { field: 'order_no', expression: 'FBillNo' },
      { field: 'count', expression: '3' },
      { field: 'remark', expression: 'null' },
    ]);
    expect(view.schedule).toBe('cron */5 * * * *');
    expect(view.attempts).toBe(4);
    expect(view.preconditions).toEqual(['customers']);
    expect(view.enabled).toBe(true);
  });

  it('tolerates partial or odd documents', () => {
    const view = schemeView({ enabled: false, source: 'nope', mapping: { document: [] } });
    expect(view.enabled).toBe(false);
    expect(view.source.api).toBe('');
    expect(view.mapping).toEqual([]);
    expect(view.schedule).toBe('manual');
    expect(fieldKeysOf(['FID', '', 'FBillNo'])).toEqual(['FID', 'FBillNo']);
    expect(scheduleText({ intervalSeconds: 60 })).toBe('every 60 s');
  });
});
