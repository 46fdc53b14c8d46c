import { useEffect, useState } from 'react';
import { RECORD_STATUSES, type SchemeSummary } from '../../api/types.js';
import { useApi } from '../../hooks/use-api.js';
import { useI18n } from '../../i18n/i18n.js';
import type { MessageKey } from '../../i18n/zh-CN.js';

export interface RecordsFilterValue {
  schemeId: string;
  status: string;
  key: string;
  /** datetime-local text (local time). */
  from: string;
  to: string;
}

/** Scheme, status, bill number and update-time range; applied on submit. */
export function RecordsFilter({
  value,
  onChange,
}: {
  value: RecordsFilterValue;
  onChange: (next: RecordsFilterValue) => void;
}) {
  const { t } = useI18n();
  const schemes = useApi<SchemeSummary[]>('/api/schemes');
  const [draft, setDraft] = useState(value);
  const valueKey = JSON.stringify(value);
  useEffect(() => setDraft(JSON.parse(valueKey) as RecordsFilterValue), [valueKey]);
  const set = (patch: Partial<RecordsFilterValue>): void => setDraft((d) => ({ ...d, ...patch }));

  return (
    <form
      className="filters card"
      onSubmit={(event) => {
        event.preventDefault();
        onChange({ ...draft, key: draft.key.trim() });
      }}
    >
      <label>
        <span>{t('records.scheme')}</span>
        <select
          className="input"
          value={draft.schemeId}
          onChange={(e) => set({ schemeId: e.target.value })}
          data-testid="filter-scheme"
        >
          <option value="">{t('common.all')}</option>
          {(schemes.data ?? []).map((s) => (
            <option key={s.id} value={s.id}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('records.status')}</span>
        <select
          className="input"
          value={draft.status}
          onChange={(e) => set({ status: e.target.value })}
          data-testid="filter-status"
        >
          <option value="">{t('common.all')}</option>
          {RECORD_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`status.${s}` as MessageKey)}
            </option>
          ))}
          <option value="pending,failed,parked">{t('overview.col.backlog')}</option>
        </select>
      </label>
      <label className="grow">
        <span>{t('records.key')}</span>
        <input
          className="input"
          value={draft.key}
          placeholder={t('records.keyPlaceholder')}
          onChange={(e) => set({ key: e.target.value })}
          data-testid="filter-key"
        />
      </label>
      <label>
        <span>{t('records.from')}</span>
        <input
          className="input"
          type="datetime-local"
          value={draft.from}
          onChange={(e) => set({ from: e.target.value })}
          data-testid="filter-from"
        />
      </label>
      <label>
        <span>{t('records.to')}</span>
        <input
          className="input"
          type="datetime-local"
          value={draft.to}
          onChange={(e) => set({ to: e.target.value })}
          data-testid="filter-to"
        />
      </label>
      <div className="filter-buttons">
        <button className="btn btn-primary" type="submit" data-testid="filter-apply">
          {t('common.search')}
        </button>
        <button
          className="btn btn-ghost"
          type="button"
          onClick={() => onChange({ schemeId: '', status: '', key: '', from: '', to: '' })}
          data-testid="filter-reset"
        >
          {t('common.reset')}
        </button>
      </div>
    </form>
  );
}
