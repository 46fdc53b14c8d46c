import { toYaml } from '../../lib/yaml-edit.js';

/** Starting point of a blank scheme: Kingdee sales orders → OKKI orders, minimal but valid in shape. */
export function blankSchemeYaml(): string {
  return toYaml({
    version: 1,
    id: 'new-scheme',
    name: '新集成方案',
    enabled: false,
    source: {
      connection: 'kingdee',
      api: 'ExecuteBillQuery',
      params: {
        FormId: 'SAL_SaleOrder',
        FieldKeys: 'FBillNo,FDate,FModifyDate',
        FilterString: "FDocumentStatus = 'C' AND FModifyDate >= '{{window.from}}'",
      },
      key: 'FBillNo',
      cursor: { fields: ['FModifyDate'], start: '2026-01-01T00:00:00' },
    },
    mapping: { document: { order_no: 'FBillNo' } },
    target: { connection: 'okki', api: 'order.push', key: 'order_no' },
    settings: { schedule: { manual: true }, retry: { attempts: 5 }, preconditions: [] },
  });
}

/** A copy of an existing scheme's YAML under a new id and name (the seed's 引用方案), disabled until reviewed. */
export function copySchemeYaml(
  yaml: string,
  setValue: (text: string, path: string[], value: unknown) => string,
  id: string,
  name: string,
): string {
  let text = setValue(yaml, ['id'], `${id}-copy`);
  text = setValue(text, ['name'], `${name}(副本)`);
  return setValue(text, ['enabled'], false);
}
