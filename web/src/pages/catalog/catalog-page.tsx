import { useMemo, useState } from 'react';
import type { CatalogOperation } from '../../api/types.js';
import { useCatalog } from '../../hooks/use-catalog.js';
import { useI18n } from '../../i18n/i18n.js';
import { FieldTable } from './field-table.js';

function matches(op: CatalogOperation, needle: string): boolean {
  if (!needle) return true;
  const hay = [
    op.connector,
    op.operation,
    op.label,
    op.path ?? '',
    ...op.requestFields.flatMap((f) => [f.key, f.label]),
    ...op.responseFields.flatMap((f) => [f.key, f.label]),
  ];
  return hay.some((h) => h.toLowerCase().includes(needle));
}

/** 接口资产: every connector operation with its fields and Chinese labels. */
export function CatalogPage() {
  const { t } = useI18n();
  const ops = useCatalog();
  const [filter, setFilter] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  const needle = filter.trim().toLowerCase();
  const shown = useMemo(() => (ops ?? []).filter((op) => matches(op, needle)), [ops, needle]);
  const connectors = [...new Set(shown.map((o) => o.connector))];
  const selected = shown.find((o) => `${o.connector}/${o.operation}` === openId) ?? shown[0];

  return (
    <div className="page" data-testid="page-catalog">
      <header className="page-head">
        <h1>{t('catalog.title')}</h1>
        <input
          className="input search"
          value={filter}
          placeholder={t('catalog.filter')}
          onChange={(e) => setFilter(e.target.value)}
          data-testid="catalog-filter"
        />
      </header>
      {ops === null ? (
        <div className="muted pad">{t('common.loading')}</div>
      ) : (
        <div className="catalog">
          <aside className="card catalog-list">
            {connectors.map((c) => (
              <div key={c}>
                <div className="catalog-connector">{c}</div>
                {shown
                  .filter((o) => o.connector === c)
                  .map((o) => {
                    const id = `${o.connector}/${o.operation}`;
                    return (
                      <button
                        type="button"
                        key={id}
                        className={`catalog-op ${selected === o ? 'active' : ''}`}
                        onClick={() => setOpenId(id)}
                        data-testid={`catalog-op-${o.connector}-${o.operation}`}
                      >
                        <span className="strong">{o.label}</span>
                        <span className="mono small muted">{o.operation}</span>
                      </button>
                    );
                  })}
              </div>
            ))}
            {shown.length === 0 && <div className="muted pad">{t('common.none')}</div>}
          </aside>
          {selected && (
            <section className="card catalog-detail" data-testid="catalog-detail">
              <header className="card-head">
                <h2>
                  {selected.label}{' '}
                  <span className="mono muted small">
                    {selected.connector} · {selected.operation}
                  </span>
                </h2>
                {selected.method && (
                  <span className="mono small">
                    <span className="badge badge-pending">{selected.method}</span> {selected.path}
                  </span>
                )}
              </header>
              <div className="card-body">
                <h3 className="sub">
                  {t('catalog.request')} · {t('catalog.fields', { n: selected.requestFields.length })}
                </h3>
                <FieldTable fields={selected.requestFields} highlight={needle} />
                <h3 className="sub">
                  {t('catalog.response')} · {t('catalog.fields', { n: selected.responseFields.length })}
                </h3>
                <FieldTable fields={selected.responseFields} highlight={needle} />
              </div>
            </section>
          )}
        </div>
      )}
    </div>
  );
}
