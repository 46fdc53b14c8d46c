import { useI18n } from '../i18n/i18n.js';
import type { MessageKey } from '../i18n/zh-CN.js';
import type { RecordStatus, RunRecord } from '../api/types.js';

/** A coloured pill for a record status (待写入, 成功, 失败…). */
export function StatusBadge({ status }: { status: RecordStatus }) {
  const { t } = useI18n();
  return (
    <span className={`badge badge-${status}`} data-testid={`status-${status}`}>
      {t(`status.${status}` as MessageKey)}
    </span>
  );
}

/** A coloured pill for a run status. */
export function RunBadge({ status }: { status: RunRecord['status'] }) {
  const { t } = useI18n();
  return <span className={`badge badge-run-${status}`}>{t(`run.${status}` as MessageKey)}</span>;
}

/** Enabled / disabled / running, for a scheme. */
export function SchemeStateBadge({ enabled, running }: { enabled: boolean; running: boolean }) {
  const { t } = useI18n();
  if (running) return <span className="badge badge-writing">{t('scheme.running')}</span>;
  return enabled ? (
    <span className="badge badge-succeeded">{t('scheme.enabled')}</span>
  ) : (
    <span className="badge badge-skipped">{t('scheme.disabled')}</span>
  );
}
