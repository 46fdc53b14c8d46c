import { useState } from 'react';
import { api, seg } from '../../api/client.js';
import type { SchemeDetail, SchemeSummary } from '../../api/types.js';
import { Card } from '../../components/card.js';
import { useApi } from '../../hooks/use-api.js';
import { findOperation, useCatalog } from '../../hooks/use-catalog.js';
import { useI18n } from '../../i18n/i18n.js';
import { fieldKeysOf } from '../../lib/scheme-shape.js';
import { setYamlValue } from '../../lib/yaml-edit.js';
import type { StepProps } from './step-props.js';
import { FieldPicker } from './field-picker.js';
import { IssueText, issuesAt } from './issue-text.js';
import { ParamsEditor } from './params-editor.js';
import { copySchemeYaml } from './scheme-template.js';

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

/** ① 源接口参数: identity, source operation, its parameters and the FieldKeys picked from the catalog. */
export function SourceStep({
  data,
  update,
  issues,
  isNew,
  onReplace,
}: StepProps & { onReplace: (text: string) => void }) {
  const { t } = useI18n();
  const catalog = useCatalog();
  const schemes = useApi<SchemeSummary[]>(isNew ? '/api/schemes' : null);
  const [copyFrom, setCopyFrom] = useState('');
  const source = obj(data.source);
  const params = obj(source.params);
  const op = findOperation(catalog, String(source.connection ?? ''), String(source.api ?? ''), params.FormId);
  const pickable = op ? (op.responseFields.length ? op.responseFields : op.requestFields) : [];
  const fieldKeys = fieldKeysOf(params.FieldKeys);

  const copy = async (id: string): Promise<void> => {
    setCopyFrom(id);
    if (!id) return;
    const detail = await api<SchemeDetail>(`/api/schemes/${seg(id)}`);
    onReplace(copySchemeYaml(detail.yaml, setYamlValue, detail.summary.id, detail.summary.name));
  };

  return (
    <Card title={t('scheme.step1')} testId="editor-step-source">
      {isNew && (schemes.data?.length ?? 0) > 0 && (
        <label className="field">
          <span>{t('editor.copyFrom')}</span>
          <select
            className="input"
            value={copyFrom}
            onChange={(e) => void copy(e.target.value)}
            data-testid="copy-from"
          >
            <option value="">—</option>
            {schemes.data!.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      <div className="form-grid">
        <label className="field">
          <span>{t('editor.id')}</span>
          <input
            className="input mono"
            value={String(data.id ?? '')}
            disabled={!isNew}
            onChange={(e) => update(['id'], e.target.value)}
            data-testid="field-id"
          />
          <IssueText issues={issuesAt(issues, 'id')} />
        </label>
        <label className="field">
          <span>{t('editor.name')}</span>
          <input
            className="input"
            value={String(data.name ?? '')}
            onChange={(e) => update(['name'], e.target.value)}
            data-testid="field-name"
          />
          <IssueText issues={issuesAt(issues, 'name')} />
        </label>
        <label className="field">
          <span>{t('editor.sourceConnection')}</span>
          <input
            className="input mono"
            list="connectors"
            value={String(source.connection ?? '')}
            onChange={(e) => update(['source', 'connection'], e.target.value)}
            data-testid="field-source-connection"
          />
        </label>
        <label className="field">
          <span>{t('editor.sourceApi')}</span>
          <input
            className="input mono"
            list="operations"
            value={String(source.api ?? '')}
            onChange={(e) => update(['source', 'api'], e.target.value)}
            data-testid="field-source-api"
          />
          {op && <small className="muted">{op.label}</small>}
          <IssueText issues={issuesAt(issues, 'source.api')} />
        </label>
      </div>
      <datalist id="connectors">
        {[...new Set((catalog ?? []).map((o) => o.connector))].map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      <datalist id="operations">
        {(catalog ?? []).map((o) => (
          <option key={`${o.connector}/${o.operation}`} value={o.operation}>
            {o.label}
          </option>
        ))}
      </datalist>
      <h3 className="sub">{t('scheme.params')}</h3>
      <ParamsEditor
        params={params}
        op={op}
        issues={issues}
        onSet={(name, value) => update(['source', 'params', name], value)}
      />
      <h3 className="sub">{t('scheme.fieldKeys')}</h3>
      <FieldPicker
        fields={pickable}
        selected={fieldKeys}
        onChange={(next) =>
          update(['source', 'params', 'FieldKeys'], Array.isArray(params.FieldKeys) ? next : next.join(','))
        }
      />
      <IssueText issues={issuesAt(issues, 'source.params.FieldKeys')} />
    </Card>
  );
}
