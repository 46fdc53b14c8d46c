import { useMemo, useState } from 'react';
import type { CatalogOperation } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';

type Field = CatalogOperation['responseFields'][number];

/** Checklist of the source operation's fields (with Chinese labels) to build FieldKeys. */
export function FieldPicker({
  fields,
  selected,
  onChange,
}: {
  fields: Field[];
  selected: string[];
  onChange: (next: string[]) => void;
}) {
  const { t } = useI18n();
  const [filter, setFilter] = useState('');
  const chosen = new Set(selected);
  const needle = filter.trim().toLowerCase();
  const shown = useMemo(
    () =>
      fields.filter((f) => !needle || f.key.toLowerCase().includes(needle) || f.label.toLowerCase().includes(needle)),
    [fields, needle],
  );
  const labels = new Map(fields.map((f) => [f.key, f.label]));
  const toggle = (key: string): void =>
    onChange(chosen.has(key) ? selected.filter((k) => k !== key) : [...selected, key]);

  return (
    <div className="picker" data-testid="field-picker">
      <div className="chips">
        {selected.map((k) => (
          <button key={k} type="button" className="chip chip-on" onClick={() => toggle(k)} title={k}>
            {labels.get(k) ?? k} <small className="mono">{k}</small> ×
          </button>
        ))}
      </div>
      {fields.length > 0 && (
        <>
          <div className="row gap">
            <input
              className="input"
              value={filter}
              placeholder={t('editor.fieldFilter')}
              onChange={(e) => setFilter(e.target.value)}
              data-testid="field-filter"
            />
            <span className="muted small nowrap">{t('editor.selected', { n: selected.length })}</span>
          </div>
          <div className="picker-list">
            {shown.map((f) => (
              <label key={f.key} className={chosen.has(f.key) ? 'on' : ''}>
                <input
                  type="checkbox"
                  checked={chosen.has(f.key)}
                  onChange={() => toggle(f.key)}
                  data-testid={`pick-${f.key}`}
                />
                <span>{f.label}</span>
                <span className="mono muted small">{f.key}</span>
              </label>
            ))}
          </div>
        </>
      )}
    </div>
  );
}
