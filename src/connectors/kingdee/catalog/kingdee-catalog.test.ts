import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { kingdeeConnectionSchema } from '../kingdee.config.js';
import { kingdeeCatalog } from './kingdee.catalog.js';
import { billQueryParams, salesOrderFields } from './sales-order.catalog.js';

// The seed document lives in shared/ beside the repository (CI lays a copy there); without it the check is skipped.
const seedDir = fileURLToPath(new URL('../../../../../shared/seed', import.meta.url));
const seedKeys = (): string[] | undefined => {
  let files: string[];
  try {
    files = readdirSync(seedDir).filter((f) => f.endsWith('.txt'));
  } catch {
    return undefined;
  }
  const lines = readFileSync(`${seedDir}/${files[0]}`, 'utf8').split('\n');
  const start = lines.indexOf('请求参数');
  const keys: string[] = [];
  for (const line of lines.slice(start + 3)) {
    if (line.startsWith('Limit')) break;
    if (!/(string|int)$/.test(line)) continue;
    const m = /^([A-Za-z0-9_]+)/.exec(line.replace(/(string|int)$/, ''));
    if (m) keys.push(m[1]!);
  }
  return keys;
};

describe('sales-order catalog', () => {
  const keys = seedKeys();
  it.skipIf(!keys)(
    'lists every sales-order query field of the seed, in order (needs shared/seed beside the repository)',
    () => {
      if (!keys) throw new Error('unreachable: skipped without the seed');
      const normalise = (k: string) =>
        k.replace(/^FBomIdBOM$/, 'FBomId').replace(/FBaseDeliJoinQty.*/, 'FBaseDeliJoinQty');
      const doubled = (k: string) =>
        k.length % 2 === 0 && k.slice(0, k.length / 2) === k.slice(k.length / 2) ? k.slice(0, k.length / 2) : k;
      expect(salesOrderFields.map((f) => f.key)).toEqual(keys.map(doubled).map(normalise));
    },
  );

  it('types the fields and tells header from entry', () => {
    const byKey = new Map(salesOrderFields.map((f) => [f.key, f]));
    expect(byKey.get('FID')).toMatchObject({ type: 'integer', level: 'header' });
    expect(byKey.get('FSaleOrderEntry_FEntryID')).toMatchObject({
      type: 'integer',
      level: 'entry',
      entity: 'FSaleOrderEntry',
    });
    expect(byKey.get('FCustId_FNumber')).toMatchObject({
      fieldKey: 'FCustId.FNumber',
      level: 'header',
      type: 'string',
    });
    expect(byKey.get('FQty')).toMatchObject({ type: 'decimal', level: 'entry' });
    expect(byKey.get('FModifyDate')).toMatchObject({ type: 'datetime', level: 'header' });
    expect(byKey.get('FManualClose')).toMatchObject({ type: 'boolean' });
    expect(new Set(salesOrderFields.map((f) => f.fieldKey)).size).toBe(salesOrderFields.length);
    expect(billQueryParams.map((p) => p.key)).toEqual(
      expect.arrayContaining(['Limit', 'StartRow', 'TopRowCount', 'FilterString', 'FieldKeys', 'FormId']),
    );
  });

  it('exposes catalog operations in the engine shape', () => {
    const so = kingdeeCatalog.find((o) => o.operation === 'executeBillQuery.SAL_SaleOrder')!;
    expect(so).toMatchObject({ connector: 'kingdee', label: '销售订单查询', method: 'POST' });
    expect(so.responseFields).toHaveLength(salesOrderFields.length);
    expect(so.path).toBe('/Kingdee.BOS.WebApi.ServicesStub.DynamicFormService.ExecuteBillQuery.common.kdsvc');
    expect(new Set(kingdeeCatalog.map((o) => o.operation)).size).toBe(kingdeeCatalog.length);
  });
});

describe('kingdeeConnectionSchema', () => {
  it('applies defaults and discriminates auth methods', () => {
    const config = kingdeeConnectionSchema.parse({
      type: 'kingdee',
      baseUrl: 'http://erp/k3cloud/',
      acctId: 'a',
      auth: { method: 'sign', username: 'u', appId: 'x_y', appSecret: 's' },
    });
    expect(config).toMatchObject({ lcid: 2052, timeoutMs: 30_000, pageSize: 2_000 });
    expect(() => kingdeeConnectionSchema.parse({ ...config, auth: { method: 'password', username: 'u' } })).toThrow();
    expect(() => kingdeeConnectionSchema.parse({ ...config, pageSize: 20_000 })).toThrow();
    expect(() => kingdeeConnectionSchema.parse({ ...config, extra: 1 })).toThrow();
  });

  it('describes every field', () => {
    const json = JSON.stringify(kingdeeConnectionSchema.toJSONSchema?.() ?? {});
    for (const key of [
      'baseUrl',
      'acctId',
      'lcid',
      'timeoutMs',
      'pageSize',
      'rateLimit',
      'password',
      'appSecret',
      'orgNum',
    ])
      expect(json).toContain(key);
    const shape = kingdeeConnectionSchema.shape;
    for (const [key, schema] of Object.entries(shape)) expect(schema.description, key).toBeTruthy();
  });
});
