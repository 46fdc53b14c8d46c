import { useEffect, useState } from 'react';
import { api } from '../../api/client.js';
import type { PreviewItem } from '../../api/types.js';
import { Card } from '../../components/card.js';
import { JsonView } from '../../components/json-view.js';
import { useI18n } from '../../i18n/i18n.js';

/**
 * Maps real source documents with the scheme being edited (POST /api/preview); nothing is written.
 * Runs whenever a newly validated text arrives (`text` is null while the text is not valid).
 */
export function PreviewPanel({ text, schemeId }: { text: string | null; schemeId: string }) {
  const { t } = useI18n();
  const [items, setItems] = useState<PreviewItem[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [index, setIndex] = useState(0);
  const [tick, setTick] = useState(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `tick` is the refresh trigger; it is meant to re-run the preview
  useEffect(() => {
    if (text === null || !schemeId) return;
    const controller = new AbortController();
    setLoading(true);
    api<{ items: PreviewItem[] }>('/api/preview', {
      body: { schemeId, yaml: text, limit: 5 },
      signal: controller.signal,
    })
      .then((r) => {
        setItems(r.items);
        setError(null);
      })
      .catch((e: unknown) => {
        if (!controller.signal.aborted) setError(e instanceof Error ? e.message : String(e));
      })
      .finally(() => {
        if (!controller.signal.aborted) setLoading(false);
      });
    return () => controller.abort();
  }, [text, schemeId, tick]);

  const item = items?.[Math.min(index, (items?.length ?? 1) - 1)];
  return (
    <Card
      title={t('editor.preview')}
      testId="preview-panel"
      actions={
        <button
          type="button"
          className="btn btn-ghost small"
          disabled={text === null || loading}
          onClick={() => setTick((n) => n + 1)}
          data-testid="preview-refresh"
        >
          {loading ? '…' : t('editor.previewRun')}
        </button>
      }
    >
      <p className="muted small">{t('editor.previewHelp')}</p>
      {text === null && items && (
        <div className="muted small" data-testid="preview-stale">
          {t('editor.previewStale')}
        </div>
      )}
      {error && <div className="alert alert-error small">{error}</div>}
      {items && items.length === 0 && <div className="muted small">{t('common.none')}</div>}
      {items && items.length > 0 && (
        <div className={text === null || loading ? 'stale' : ''}>
          <div className="chips">
            {items.map((it, i) => (
              <button
                key={it.key}
                type="button"
                className={`chip ${it === item ? 'chip-on' : ''} ${it.error ? 'chip-bad' : ''}`}
                onClick={() => setIndex(i)}
              >
                {it.key}
              </button>
            ))}
          </div>
          {item?.error ? (
            <div className="alert alert-error small" data-testid="preview-error">
              <span className="mono">{item.error.code}</span> {item.error.message}
            </div>
          ) : (
            <JsonView value={item?.payload} testId="preview-payload" />
          )}
        </div>
      )}
    </Card>
  );
}
