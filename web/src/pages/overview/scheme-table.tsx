import type { SchemeSummary } from '../../api/types.js';
import { RunBadge, SchemeStateBadge } from '../../components/status-badge.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatRate, formatTime } from '../../lib/format.js';
import { href } from '../../lib/router.js';

/** One row per scheme; the name opens the scheme page, the backlog opens its records. */
export function SchemeTable({ schemes }: { schemes: SchemeSummary[] }) {
  const { t } = useI18n();
  if (schemes.length === 0) return <div className="muted pad">{t('overview.empty')}</div>;
  return (
    <table className="table" data-testid="scheme-table">
      <thead>
        <tr>
          <th>{t('overview.col.name')}</th>
          <th>{t('overview.col.status')}</th>
          <th>{t('overview.col.flow')}</th>
          <th>{t('overview.col.lastRun')}</th>
          <th>{t('overview.col.nextRun')}</th>
          <th className="num">{t('overview.col.successRate')}</th>
          <th className="num">{t('overview.col.backlog')}</th>
        </tr>
      </thead>
      <tbody>
        {schemes.map((s) => (
          <tr key={s.id} data-testid={`scheme-row-${s.id}`}>
            <td>
              <a href={href(['schemes', s.id])} className="strong" data-testid={`scheme-link-${s.id}`}>
                {s.name}
              </a>
              <div className="muted small mono">{s.id}</div>
            </td>
            <td>
              <SchemeStateBadge enabled={s.enabled} running={s.running} />
            </td>
            <td className="small">
              <span className="mono">
                {s.source.connection}·{s.source.api}
              </span>
              <span className="arrow">→</span>
              <span className="mono">
                {s.target.connection}·{s.target.api}
              </span>
            </td>
            <td>
              {s.lastRun ? (
                <>
                  <RunBadge status={s.lastRun.status} />
                  <div className="muted small">{formatTime(s.lastRun.startedAt)}</div>
                </>
              ) : (
                '—'
              )}
            </td>
            <td className="small">{formatTime(s.nextRunAt)}</td>
            <td className="num">
              <RateBar rate={s.successRate} />
            </td>
            <td className="num">
              <a
                href={href(['records'], { schemeId: s.id, status: 'pending,failed,parked' })}
                className={s.backlog > 0 ? 'backlog-hot' : ''}
                data-testid={`backlog-${s.id}`}
              >
                {s.backlog}
              </a>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function RateBar({ rate }: { rate: number | null }) {
  const tone = rate === null ? 'none' : rate >= 0.98 ? 'good' : rate >= 0.9 ? 'warn' : 'bad';
  return (
    <div className="rate">
      <span>{formatRate(rate)}</span>
      <div className={`rate-bar rate-${tone}`}>
        <div style={{ width: `${Math.round((rate ?? 0) * 100)}%` }} />
      </div>
    </div>
  );
}
