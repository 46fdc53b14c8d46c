import type { AuditEntry } from '../../api/types.js';
import { Card } from '../../components/card.js';
import { StateView } from '../../components/state-view.js';
import { useApi } from '../../hooks/use-api.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../lib/format.js';

const REFRESH_MS = 10_000;

/** A recorded path as people read it; one with broken escapes is shown as sent. */
function readablePath(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

/** 审计日志: who changed what through the API or this console, when, from where, and the answer. */
export function AuditPage() {
  const { t } = useI18n();
  const audit = useApi<{ entries: AuditEntry[]; total: number }>('/api/audit?limit=200', REFRESH_MS);
  const entries = audit.data?.entries ?? [];
  return (
    <div className="page" data-testid="page-audit">
      <header className="page-head">
        <h1>{t('audit.title')}</h1>
        <span className="muted small">{t('common.total', { n: audit.data?.total ?? 0 })}</span>
      </header>
      <StateView loading={audit.loading && !audit.data} error={audit.data ? null : audit.error}>
        <Card>
          {entries.length === 0 ? (
            <div className="muted pad">{t('common.none')}</div>
          ) : (
            <table className="table compact" data-testid="audit-table">
              <thead>
                <tr>
                  <th>{t('audit.at')}</th>
                  <th>{t('audit.who')}</th>
                  <th>{t('audit.what')}</th>
                  <th className="num">{t('audit.status')}</th>
                  <th>{t('audit.from')}</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((e) => (
                  <tr key={e.id} data-testid="audit-row" title={e.details ? JSON.stringify(e.details) : undefined}>
                    <td className="small">{formatTime(e.at)}</td>
                    <td className="small">
                      {e.actor}
                      {e.role && <span className="muted"> · {e.role}</span>}
                    </td>
                    <td className="small mono">
                      {e.method} {readablePath(e.path)}
                    </td>
                    <td className={`num small mono ${e.status >= 400 ? 'error-text' : ''}`}>{e.status}</td>
                    <td className="small mono">{e.remote ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </Card>
      </StateView>
    </div>
  );
}
