import type { DiffEntry } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatValue } from '../../lib/format.js';

/** Field-level changes between the payload last written and the current one. */
export function PayloadDiff({ diff }: { diff: DiffEntry[] }) {
  const { t } = useI18n();
  if (diff.length === 0)
    return (
      <div className="muted small" data-testid="diff-empty">
        {t('record.noDiff')}
      </div>
    );
  return (
    <table className="table compact" data-testid="record-diff">
      <thead>
        <tr>
          <th>{t('record.path')}</th>
          <th>{t('record.before')}</th>
          <th>{t('record.after')}</th>
        </tr>
      </thead>
      <tbody>
        {diff.map((d) => (
          <tr key={d.path}>
            <td className="mono small">{d.path}</td>
            <td className="mono small diff-before">{formatValue(d.before)}</td>
            <td className="mono small diff-after">{formatValue(d.after)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
