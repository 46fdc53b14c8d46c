import { useState } from 'react';
import { api, seg } from '../../api/client.js';
import type { LedgerRecord, RecordDetail } from '../../api/types.js';
import { Drawer } from '../../components/drawer.js';
import { JsonView } from '../../components/json-view.js';
import { useNotify } from '../../components/notice.js';
import { StateView } from '../../components/state-view.js';
import { StatusBadge } from '../../components/status-badge.js';
import { useApi } from '../../hooks/use-api.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/zh-CN.js';
import { formatTime } from '../../lib/format.js';
import { AttemptsTable } from './attempts-table.js';
import { ErrorBox } from './error-box.js';
import { PayloadDiff } from './payload-diff.js';
import { SourceDocument } from './source-document.js';

/** One ledger record: source, payload, reply, error, attempts, diff; retry and skip. */
export function RecordDrawer({
  schemeId,
  recordKey,
  onClose,
  onChanged,
}: {
  schemeId: string;
  recordKey: string;
  onClose: () => void;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const notify = useNotify();
  const path = `/api/records/${seg(schemeId)}/${seg(recordKey)}`;
  const detail = useApi<RecordDetail>(path);
  const [busy, setBusy] = useState<'retry' | 'skip' | null>(null);
  const [skipReason, setSkipReason] = useState<string | null>(null);
  const record = detail.data?.record;

  const act = async (kind: 'retry' | 'skip', reason = ''): Promise<void> => {
    setBusy(kind);
    setSkipReason(null);
    try {
      const result = await api<{ record: LedgerRecord }>(
        `${path}/${kind}`,
        kind === 'skip' ? { body: { reason } } : { method: 'POST' },
      );
      notify(
        kind === 'retry'
          ? t('record.retried', { status: t(`status.${result.record.status}` as MessageKey) })
          : t('record.skipped'),
        result.record.status === 'failed' || result.record.status === 'dead' ? 'error' : 'ok',
      );
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), 'error');
    } finally {
      setBusy(null);
      detail.reload();
      onChanged();
    }
  };

  return (
    <Drawer
      title={
        <>
          <span className="mono">{recordKey}</span> {record && <StatusBadge status={record.status} />}
        </>
      }
      onClose={onClose}
      testId="record-drawer"
    >
      <StateView loading={detail.loading && !detail.data} error={detail.data ? null : detail.error}>
        {record && detail.data && (
          <>
            <div className="row gap wrap drawer-actions">
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy !== null || record.status === 'writing' || record.status === 'succeeded'}
                onClick={() => act('retry')}
                data-testid="record-retry"
              >
                {busy === 'retry' ? '…' : t('record.retry')}
              </button>
              <button
                type="button"
                className="btn"
                disabled={busy !== null || record.status === 'writing' || record.status === 'skipped'}
                onClick={() => setSkipReason(skipReason === null ? t('record.skipDefault') : null)}
                data-testid="record-skip"
              >
                {t('record.skip')}
              </button>
              <span className="muted small">
                {t('records.col.attempts')}: <b data-testid="record-attempts">{record.attempts}</b> ·{' '}
                {t('records.col.updated')}: {formatTime(record.updatedAt)}
                {record.nextAttemptAt && (
                  <>
                    {' '}
                    · {t('records.col.next')}: {formatTime(record.nextAttemptAt)}
                  </>
                )}
              </span>
            </div>
            {skipReason !== null && (
              <form
                className="row gap skip-form"
                onSubmit={(e) => {
                  e.preventDefault();
                  if (skipReason.trim()) void act('skip', skipReason.trim());
                }}
              >
                <input
                  className="input"
                  autoFocus
                  value={skipReason}
                  placeholder={t('record.skipReason')}
                  onChange={(e) => setSkipReason(e.target.value)}
                  data-testid="skip-reason"
                />
                <button
                  className="btn btn-primary"
                  type="submit"
                  disabled={!skipReason.trim()}
                  data-testid="skip-confirm"
                >
                  {t('record.skip')}
                </button>
              </form>
            )}
            {record.lastError && record.status !== 'succeeded' && <ErrorBox error={record.lastError} />}
            <section className="section">
              <h3>{t('record.source')}</h3>
              <SourceDocument source={record.source} schemeId={schemeId} />
            </section>
            <div className="grid-2">
              <section className="section">
                <h3>{t('record.payload')}</h3>
                <JsonView value={record.payload} testId="record-payload" />
              </section>
              <section className="section">
                <h3>{t('record.reply')}</h3>
                <JsonView value={record.targetReply} testId="record-reply" />
                {record.targetIds && <JsonView value={record.targetIds} />}
              </section>
            </div>
            <section className="section">
              <h3>{t('record.diff')}</h3>
              <PayloadDiff diff={detail.data.diff} />
            </section>
            <section className="section">
              <h3>{t('record.attempts')}</h3>
              <AttemptsTable attempts={detail.data.attempts} />
            </section>
          </>
        )}
      </StateView>
    </Drawer>
  );
}
