import { useState } from 'react';
import { api, seg } from '../../api/client.js';
import type { RecordStatus, RunRecord, SchemeDetail } from '../../api/types.js';
import { useNotify } from '../../components/notice.js';
import { StateView } from '../../components/state-view.js';
import { SchemeStateBadge, StatusBadge } from '../../components/status-badge.js';
import { useApi } from '../../hooks/use-api.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/zh-CN.js';
import { href } from '../../lib/router.js';
import { CursorPanel } from './cursor-panel.js';
import { RunHistory } from './run-history.js';
import { SchemeSteps } from './scheme-steps.js';

/** 方案详情: configuration in the seed's three steps, actions, runs and the cursor. */
export function SchemePage({ schemeId }: { schemeId: string }) {
  const { t } = useI18n();
  const notify = useNotify();
  const detail = useApi<SchemeDetail>(`/api/schemes/${seg(schemeId)}`, 5000);
  const runs = useApi<{ runs: RunRecord[] }>(`/api/runs?schemeId=${seg(schemeId)}&limit=20`, 5000);
  const [busy, setBusy] = useState<string | null>(null);

  // biome-ignore lint/suspicious/noConfusingVoidType: actions resolve to a message or to nothing
  const act = async (name: string, call: () => Promise<string | void>): Promise<void> => {
    setBusy(name);
    try {
      const message = await call();
      if (message) notify(message);
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), 'error');
    } finally {
      setBusy(null);
      detail.reload();
      runs.reload();
    }
  };

  const summary = detail.data?.summary;
  return (
    <div className="page" data-testid="page-scheme">
      <StateView loading={detail.loading && !detail.data} error={detail.data ? null : detail.error}>
        {summary && detail.data && (
          <>
            <header className="page-head">
              <div>
                <div className="crumbs">
                  <a href="#/">{t('nav.overview')}</a> / {t('scheme.title')}
                </div>
                <h1 data-testid="scheme-name">{summary.name}</h1>
                <div className="row gap">
                  <span className="mono muted small">{summary.id}</span>
                  <SchemeStateBadge enabled={summary.enabled} running={summary.running} />
                </div>
              </div>
              <div className="actions">
                <button
                  type="button"
                  className="btn btn-primary"
                  disabled={busy !== null || summary.running}
                  data-testid="run-now"
                  onClick={() =>
                    act('run', async () => {
                      const { run } = await api<{ run: RunRecord }>(`/api/schemes/${seg(schemeId)}/run`, {
                        method: 'POST',
                      });
                      return t('scheme.ranOk', {
                        status: t(`run.${run.status}` as MessageKey),
                        pushed: run.counts.pushed,
                        failed: run.counts.failed,
                      });
                    })
                  }
                >
                  {busy === 'run' ? t('scheme.running') : t('scheme.actions.runNow')}
                </button>
                <button
                  type="button"
                  className="btn"
                  disabled={busy !== null}
                  data-testid="toggle-enabled"
                  onClick={() =>
                    act('toggle', async () => {
                      await api(`/api/schemes/${seg(schemeId)}/${summary.enabled ? 'disable' : 'enable'}`, {
                        method: 'POST',
                      });
                    })
                  }
                >
                  {summary.enabled ? t('scheme.actions.disable') : t('scheme.actions.enable')}
                </button>
                <button
                  type="button"
                  className="btn"
                  disabled={busy !== null || (summary.counts.failed ?? 0) + (summary.counts.dead ?? 0) === 0}
                  data-testid="retry-failed"
                  onClick={() =>
                    act('retry', async () => {
                      const { requeued } = await api<{ requeued: number }>(`/api/schemes/${seg(schemeId)}/retry`, {
                        body: { statuses: ['failed', 'dead', 'parked'] },
                      });
                      return `${t('scheme.actions.retryFailed')}: ${requeued}`;
                    })
                  }
                >
                  {t('scheme.actions.retryFailed')}
                </button>
                <a className="btn" href={href(['schemes', schemeId, 'edit'])} data-testid="edit-scheme">
                  {t('scheme.actions.edit')}
                </a>
                <a className="btn" href={href(['records'], { schemeId })} data-testid="scheme-records">
                  {t('scheme.actions.records')}
                </a>
              </div>
            </header>
            <div className="count-strip" data-testid="scheme-counts">
              <span className="muted small">{t('scheme.counts')}</span>
              {(Object.entries(summary.counts) as Array<[RecordStatus, number]>)
                .filter(([, n]) => n > 0)
                .map(([status, n]) => (
                  <a key={status} href={href(['records'], { schemeId, status })} className="count-chip">
                    <StatusBadge status={status} /> <b>{n}</b>
                  </a>
                ))}
            </div>
            <SchemeSteps scheme={detail.data.scheme} summary={summary} />
            <div className="grid-2-1">
              <RunHistory runs={runs.data?.runs ?? []} />
              <CursorPanel schemeId={schemeId} running={summary.running} />
            </div>
          </>
        )}
      </StateView>
    </div>
  );
}
