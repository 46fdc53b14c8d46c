import type { CatalogOperation } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';

type Field = CatalogOperation['requestFields'][number];

/** Fields of one side of an operation; rows matching the search are highlighted. */
export function FieldTable({ fields, highlight }: { fields: Field[]; highlight: string }) {
  const { t } = useI18n();
  if (fields.length === 0) return <div className="muted small pad">{t('common.none')}</div>;
  const keys = new Set(fields.map((f) => f.key));
  // Indent only real nesting (OKKI product_list.count under product_list), not Kingdee's FCustId.FNumber.
  const depth = (key: string): number =>
    key.split('.').reduce((n, _part, i, parts) => (i > 0 && keys.has(parts.slice(0, i).join('.')) ? n + 1 : n), 0);
  return (
    <table className="table compact">
      <thead>
        <tr>
          <th>{t('catalog.field')}</th>
          <th>{t('catalog.label')}</th>
          <th>{t('catalog.type')}</th>
          <th>{t('catalog.desc')}</th>
        </tr>
      </thead>
      <tbody>
        {fields.map((f) => {
          const hit =
            highlight !== '' && (f.key.toLowerCase().includes(highlight) || f.label.toLowerCase().includes(highlight));
          return (
            <tr key={f.key} className={hit ? 'hit' : ''}>
              <td className="mono small" style={{ paddingLeft: 8 + 14 * depth(f.key) }}>
                {f.key}
              </td>
              <td>{f.label}</td>
              <td className="mono small muted">{f.type}</td>
              <td className="small muted">{f.description ?? ''}</td>
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
