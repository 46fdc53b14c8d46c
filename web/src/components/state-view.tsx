import type { ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

/** Loading / error / content, in one place so every page treats them alike. */
export function StateView({
  loading,
  error,
  children,
}: {
  loading: boolean;
  error: Error | null;
  children: ReactNode;
}) {
  const { t } = useI18n();
  if (error)
    return (
      <div className="alert alert-error" data-testid="load-error">
        {t('common.error')}: {error.message}
      </div>
    );
  if (loading) return <div className="muted pad">{t('common.loading')}</div>;
  return <>{children}</>;
}
