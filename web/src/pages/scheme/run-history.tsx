import type { RunRecord } from '../../api/types.js';
import { Card } from '../../components/card.js';
import { RunBadge } from '../../components/status-badge.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatDuration, formatTime } from '../../lib/format.js';

/** The scheme's latest runs, newest first. */
export function RunHistory({ runs }: { runs: RunRecord[] }) {
  const { t } = useI18n();
  return (
    <Card title={t('scheme.runs')} testId="run-history">
      {runs.length === 0 ? (
        <div className="muted pad">{t('common.none')}</div>
      ) : (
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('scheme.run.started')}</th>
              <th>{t('scheme.run.trigger')}</th>
              <th>{t('scheme.run.status')}</th>
              <th className="num">{t('scheme.run.duration')}</th>
              <th className="num">{t('scheme.run.counts')}</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.id} data-testid="run-row" title={run.error?.message}>
                <td className="small">{formatTime(run.startedAt)}</td>
                <td className="small mono">{run.trigger}</td>
                <td>
                  <RunBadge status={run.status} />
                  {run.error && <div className="error-text small">{run.error.message}</div>}
                </td>
                <td className="num small">{formatDuration(run.durationMs)}</td>
                <td className="num small mono">
                  {run.counts.read} / {run.counts.documents} / <span className="ok-text">{run.counts.pushed}</span> /{' '}
                  {run.counts.skipped} /{' '}
                  <span className={run.counts.failed ? 'error-text' : ''}>{run.counts.failed}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Card>
  );
}
