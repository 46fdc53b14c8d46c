import type { AttemptEntry } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatDuration, formatTime } from '../../lib/format.js';

const TONE: Record<AttemptEntry['outcome'], string> = {
  succeeded: 'succeeded',
  failed: 'failed',
  parked: 'parked',
  dead: 'dead',
  outcome_unknown: 'pending',
};

/** Every write try of the record, newest first as the API returns them. */
export function AttemptsTable({ attempts }: { attempts: AttemptEntry[] }) {
  const { t } = useI18n();
  if (attempts.length === 0) return <div className="muted small">{t('common.none')}</div>;
  return (
    <table className="table compact" data-testid="record-attempts-table">
      <thead>
        <tr>
          <th>{t('record.attempt.at')}</th>
          <th>{t('record.attempt.outcome')}</th>
          <th className="num">{t('record.attempt.duration')}</th>
          <th>{t('record.attempt.error')}</th>
        </tr>
      </thead>
      <tbody>
        {attempts.map((a, i) => (
          <tr key={`${a.at}-${i}`} data-testid="attempt-row">
            <td className="small">{formatTime(a.at)}</td>
            <td>
              <span className={`badge badge-${TONE[a.outcome]}`}>{a.outcome}</span>
            </td>
            <td className="num small">{formatDuration(a.durationMs)}</td>
            <td className="small">
              {a.error ? (
                <>
                  <span className="mono">{a.error.code}</span> {a.error.message}
                </>
              ) : (
                ''
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
