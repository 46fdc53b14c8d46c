import { useEffect, type ReactNode } from 'react';
import { useI18n } from '../i18n/i18n.js';

/** A panel sliding in from the right; Escape or the backdrop closes it. */
export function Drawer({
  title,
  onClose,
  children,
  testId,
}: {
  title: ReactNode;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}) {
  const { t } = useI18n();
  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);
  return (
    <div className="drawer-wrap">
      {/* biome-ignore lint/a11y/noStaticElementInteractions lint/a11y/useKeyWithClickEvents: the backdrop closes on click; Escape closes it from the keyboard (listener above) */}
      <div className="drawer-backdrop" onClick={onClose} />
      <aside className="drawer" data-testid={testId} role="dialog">
        <header className="drawer-head">
          <h2>{title}</h2>
          <button type="button" className="btn btn-ghost" onClick={onClose} data-testid="drawer-close">
            {t('common.close')}
          </button>
        </header>
        <div className="drawer-body">{children}</div>
      </aside>
    </div>
  );
}
