import { useState } from 'react';
import { Card } from '../../components/card.js';
import { findOperation, useCatalog } from '../../hooks/use-catalog.js';
import { useI18n } from '../../i18n/i18n.js';
import type { StepProps } from './step-props.js';
import { issuePath } from '../../lib/issue-path.js';
import { IssueText, issuesAt } from './issue-text.js';

function obj(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

function exprText(value: unknown): string {
  if (value === undefined) return '';
  if (value === null) return 'null';
  return String(value);
}

/**
 * ② 字段映射: one row per target field (the catalog's top-level request fields plus whatever the
 * scheme maps), each with a JSONata expression; clearing an expression unmaps the field.
 */
export function MappingStep({ data, update, issues }: StepProps) {
  const { t } = useI18n();
  const catalog = useCatalog();
  const [extra, setExtra] = useState('');
  const target = obj(data.target);
  const document = obj(obj(data.mapping).document);
  const op = findOperation(catalog, String(target.connection ?? ''), String(target.api ?? ''));
  const catalogFields = (op?.requestFields ?? []).filter((f) => !f.key.includes('.'));
  const labels = new Map(catalogFields.map((f) => [f.key, f]));
  const mapped = Object.keys(document);
  const rows = [...mapped, ...catalogFields.map((f) => f.key).filter((k) => !(k in document))];

  return (
    <Card title={t('scheme.step2')} testId="editor-step-mapping">
      <div className="form-grid">
        <label className="field">
          <span>{t('editor.targetConnection')}</span>
          <input
            className="input mono"
            list="connectors"
            value={String(target.connection ?? '')}
            onChange={(e) => update(['target', 'connection'], e.target.value)}
            data-testid="field-target-connection"
          />
        </label>
        <label className="field">
          <span>{t('editor.targetApi')}</span>
          <input
            className="input mono"
            list="operations"
            value={String(target.api ?? '')}
            onChange={(e) => update(['target', 'api'], e.target.value)}
            data-testid="field-target-api"
          />
          {op && <small className="muted">{op.label}</small>}
          <IssueText issues={issuesAt(issues, 'target.api')} />
        </label>
        <label className="field">
          <span>{t('scheme.targetField')} (key)</span>
          <input
            className="input mono"
            value={String(target.key ?? '')}
            onChange={(e) => update(['target', 'key'], e.target.value)}
            data-testid="field-target-key"
          />
          <IssueText issues={issuesAt(issues, 'target.key')} />
        </label>
      </div>
      <IssueText issues={issues.filter((i) => i.path === 'mapping' || i.path === 'mapping.document')} />
      <table className="table compact mapping" data-testid="mapping-table">
        <thead>
          <tr>
            <th>{t('scheme.targetField')}</th>
            <th>{t('scheme.expression')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((field) => {
            const info = labels.get(field);
            const rowIssues = issuesAt(issues, issuePath(['mapping', 'document', field]));
            const isMapped = field in document;
            return (
              <tr
                key={field}
                className={rowIssues.length ? 'row-bad' : isMapped ? '' : 'row-unmapped'}
                data-testid={`mapping-row-${field}`}
              >
                <td>
                  <div className="strong">{info?.label ?? field}</div>
                  <div className="mono muted small">
                    {field}
                    {info ? ` · ${info.type}` : ''}
                  </div>
                </td>
                <td>
                  <textarea
                    className="input mono"
                    rows={exprText(document[field]).length > 70 || exprText(document[field]).includes('\n') ? 3 : 1}
                    value={exprText(document[field])}
                    placeholder={isMapped ? t('editor.exprPlaceholder') : t('editor.unmappedOptional')}
                    title={info?.description}
                    onChange={(e) =>
                      update(['mapping', 'document', field], e.target.value === '' ? undefined : e.target.value)
                    }
                    data-testid={`expr-${field}`}
                  />
                  <IssueText issues={rowIssues} />
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="row gap">
        <input
          className="input mono"
          value={extra}
          placeholder={t('scheme.targetField')}
          onChange={(e) => setExtra(e.target.value)}
          data-testid="mapping-new-field"
        />
        <button
          type="button"
          className="btn"
          disabled={!extra.trim() || extra.trim() in document}
          onClick={() => {
            update(['mapping', 'document', extra.trim()], 'null');
            setExtra('');
          }}
          data-testid="mapping-add"
        >
          {t('editor.addField')}
        </button>
      </div>
    </Card>
  );
}
