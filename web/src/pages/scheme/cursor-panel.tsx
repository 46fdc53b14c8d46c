import { useEffect, useState } from 'react';
import { api, seg } from '../../api/client.js';
import { Card } from '../../components/card.js';
import { useNotify } from '../../components/notice.js';
import { useApi } from '../../hooks/use-api.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatTime } from '../../lib/format.js';

interface Cursor {
  value: string | null;
  updatedAt: string | null;
}

/** Source wall-clock text (yyyy-MM-ddTHH:mm:ss, as the cursor stores it) from a datetime-local value. */
function withSeconds(local: string): string {
  return /T\d{2}:\d{2}$/.test(local) ? `${local}:00` : local;
}

/** Shows the sync cursor and moves it back to re-sync a period (the seed's 上次执行时间). */
export function CursorPanel({ schemeId, running }: { schemeId: string; running: boolean }) {
  const { t } = useI18n();
  const notify = useNotify();
  const cursor = useApi<Cursor>(`/api/schemes/${seg(schemeId)}/cursor`, 10_000);
  const [draft, setDraft] = useState('');
  useEffect(() => {
    if (cursor.data?.value && !draft) setDraft(cursor.data.value.slice(0, 19));
  }, [cursor.data, draft]);

  const save = async (value: string | null): Promise<void> => {
    try {
      await api(`/api/schemes/${seg(schemeId)}/cursor`, { method: 'PUT', body: { value } });
      notify(t('scheme.cursor.saved'));
      cursor.reload();
    } catch (error) {
      notify(error instanceof Error ? error.message : String(error), 'error');
    }
  };

  return (
    <Card title={t('scheme.cursor')} testId="cursor-panel">
      <p className="muted small">{t('scheme.cursor.help')}</p>
      <dl className="kv">
        <dt>{t('scheme.cursor.current')}</dt>
        <dd className="mono" data-testid="cursor-value">
          {cursor.data?.value ?? '—'}
        </dd>
        <dt />
        <dd className="muted small">{formatTime(cursor.data?.updatedAt)}</dd>
      </dl>
      <div className="row gap">
        <input
          className="input"
          type="datetime-local"
          step={1}
          value={draft}
          onChange={(e) => setDraft(e.target.value)}
          data-testid="cursor-input"
        />
        <button
          type="button"
          className="btn"
          disabled={running || !draft}
          onClick={() => save(withSeconds(draft))}
          data-testid="cursor-set"
        >
          {t('scheme.cursor.set')}
        </button>
      </div>
      <button
        type="button"
        className="btn btn-ghost small"
        disabled={running}
        onClick={() => save(null)}
        data-testid="cursor-clear"
      >
        {t('scheme.cursor.clear')}
      </button>
    </Card>
  );
}
