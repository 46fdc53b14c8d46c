import type { RecordSummary } from '../../api/types.js';
import { StatusBadge } from '../../components/status-badge.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime, formatValue } from '../../lib/format.js';

/** The ledger rows; the bill number opens the record drawer. */
export function RecordsTable({
  records,
  linkFor,
}: {
  records: RecordSummary[];
  linkFor: (r: RecordSummary) => string;
}) {
  const { t } = useI18n();
  if (records.length === 0)
    return (
      <div className="muted pad" data-testid="records-empty">
        {t('common.none')}
      </div>
    );
  return (
    <table className="table" data-testid="records-table">
      <thead>
        <tr>
          <th>{t('records.col.key')}</th>
          <th>{t('records.col.status')}</th>
          <th className="num">{t('records.col.attempts')}</th>
          <th>{t('records.col.updated')}</th>
          <th>{t('records.col.targetId')}</th>
          <th>{t('records.col.error')}</th>
        </tr>
      </thead>
      <tbody>
        {records.map((r) => (
          <tr key={`${r.schemeId}/${r.key}`} data-testid={`record-row-${r.key}`}>
            <td>
              <a href={linkFor(r)} className="mono strong" data-testid={`record-link-${r.key}`}>
                {r.key}
              </a>
              <div className="muted small mono">{r.schemeId}</div>
            </td>
            <td>
              <StatusBadge status={r.status} />
            </td>
            <td className="num">{r.attempts}</td>
            <td className="small">
              {formatTime(r.updatedAt)}
              {r.nextAttemptAt && (
                <div className="muted">
                  {t('records.col.next')}: {formatTime(r.nextAttemptAt)}
                </div>
              )}
            </td>
            <td className="small mono">{firstId(r.targetIds)}</td>
            <td className="small error-cell" title={r.lastError?.message}>
              {r.lastError ? (
                <>
                  <span className="mono">{r.lastError.code}</span> {r.lastError.message}
                </>
              ) : (
                ''
              )}
              {r.park && (
                <div className="muted" data-testid={`record-park-${r.key}`}>
                  {t('records.parked', {
                    since: formatTime(r.park.since),
                    count: r.park.count,
                    scheme: r.park.waitingFor?.scheme ?? '?',
                    key: r.park.waitingFor?.key ?? '?',
                  })}
                </div>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function firstId(ids: Record<string, unknown> | null): string {
  if (!ids) return '';
  const entry = Object.entries(ids).find(([, v]) => typeof v === 'string' || typeof v === 'number');
  return entry ? `${entry[0]}: ${formatValue(entry[1])}` : '';
}
