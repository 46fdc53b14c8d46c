import type { SerializedError } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';

/** The record's last error: message (which already says what to do), code, kind and details. */
export function ErrorBox({ error }: { error: SerializedError }) {
  const { t } = useI18n();
  return (
    <div className="alert alert-error" data-testid="record-error">
      <div className="row gap">
        <b>{t('record.error')}</b>
        <span className="mono small">{error.code}</span>
        <span className="badge badge-skipped">{error.kind}</span>
      </div>
      <div className="error-message">{error.message}</div>
      {error.details && Object.keys(error.details).length > 0 && (
        <pre className="json small">{JSON.stringify(error.details, null, 2)}</pre>
      )}
    </div>
  );
}
