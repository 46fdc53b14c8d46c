import { describe, expect, it } from 'vitest';
import { parseYaml, renameYamlKey, setYamlValue } from './yaml-edit.js';

const text = `# flagship
id: orders
source:
  params:
    FormId: SAL_SaleOrder # sales orders
mapping:
  document:
    order_no: FBillNo
    name: FBillNo
`;

describe('yaml-edit', () => {
  it('sets nested values and keeps comments', () => {
    const out = setYamlValue(text, ['source', 'params', 'FilterString'], "FDocumentStatus = 'C'");
    expect(out).toContain('# flagship');
    expect(out).toContain('# sales orders');
    expect(parseYaml(out).data).toMatchObject({
      source: { params: { FormId: 'SAL_SaleOrder', FilterString: "FDocumentStatus = 'C'" } },
    });
  });

  it('creates missing parents and deletes with undefined', () => {
    const withSchedule = setYamlValue(text, ['settings', 'schedule'], { cron: '*/5 * * * *' });
    expect(parseYaml(withSchedule).data).toMatchObject({ settings: { schedule: { cron: '*/5 * * * *' } } });
    const without = setYamlValue(withSchedule, ['mapping', 'document', 'name'], undefined);
    expect((parseYaml(without).data as { mapping: { document: Record<string, string> } }).mapping.document).toEqual({
      order_no: 'FBillNo',
    });
  });

  it('renames a key in place', () => {
    const out = renameYamlKey(text, ['mapping', 'document'], 'order_no', 'order_number');
    expect(Object.keys((parseYaml(out).data as { mapping: { document: object } }).mapping.document)).toEqual([
      'order_number',
      'name',
    ]);
  });

  it('reports unparsable text and leaves it unchanged on edit', () => {
    const broken = 'id: [unclosed';
    expect(parseYaml(broken).error).toBeTruthy();
    expect(setYamlValue(broken, ['id'], 'x')).toBe(broken);
  });
});
