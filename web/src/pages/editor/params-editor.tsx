import { useState } from 'react';
import type { CatalogOperation, SchemeValidationIssue } from '../../api/types.js';
import { useI18n } from '../../i18n/i18n.js';
import { issuePath } from '../../lib/issue-path.js';
import { IssueText, issuesAt } from './issue-text.js';

/** Source parameters other than FieldKeys: text values edited inline, others shown as JSON (edit them in YAML). */
export function ParamsEditor({
  params,
  op,
  issues,
  onSet,
}: {
  params: Record<string, unknown>;
  op: CatalogOperation | undefined;
  issues: SchemeValidationIssue[];
  onSet: (name: string, value: unknown) => void;
}) {
  const { t } = useI18n();
  const [newName, setNewName] = useState('');
  const responseKeys = new Set(op?.responseFields.map((f) => f.key));
  const paramFields = (op?.requestFields ?? []).filter((f) => !responseKeys.has(f.key) && f.key !== 'FieldKeys');
  const labels = new Map(paramFields.map((f) => [f.key, f.label]));
  const entries = Object.entries(params).filter(([k]) => k !== 'FieldKeys');
  const missing = paramFields.filter((f) => !(f.key in params));

  return (
    <div className="params">
      <table className="table compact">
        <thead>
          <tr>
            <th>{t('editor.param.name')}</th>
            <th>{t('editor.param.value')}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {entries.map(([name, value]) => (
            <tr key={name}>
              <td>
                <div className="mono">{name}</div>
                <div className="muted small">{labels.get(name) ?? ''}</div>
              </td>
              <td>
                {typeof value === 'string' || typeof value === 'number' ? (
                  <textarea
                    className="input mono"
                    rows={String(value).length > 60 ? 2 : 1}
                    value={String(value)}
                    onChange={(e) =>
                      onSet(
                        name,
                        typeof value === 'number' &&
                          e.target.value.trim() !== '' &&
                          !Number.isNaN(Number(e.target.value))
                          ? Number(e.target.value)
                          : e.target.value,
                      )
                    }
                    data-testid={`param-${name}`}
                  />
                ) : (
                  <code className="expr">{JSON.stringify(value)}</code>
                )}
                <IssueText issues={issuesAt(issues, issuePath(['source', 'params', name]))} />
              </td>
              <td>
                <button type="button" className="btn btn-ghost small" onClick={() => onSet(name, undefined)}>
                  {t('editor.removeField')}
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row gap">
        <input
          className="input mono"
          list="param-names"
          value={newName}
          placeholder={t('editor.param.name')}
          onChange={(e) => setNewName(e.target.value)}
          data-testid="param-new-name"
        />
        <datalist id="param-names">
          {missing.map((f) => (
            <option key={f.key} value={f.key}>
              {f.label}
            </option>
          ))}
        </datalist>
        <button
          type="button"
          className="btn"
          disabled={!newName.trim() || newName.trim() in params}
          onClick={() => {
            onSet(newName.trim(), '');
            setNewName('');
          }}
          data-testid="param-add"
        >
          {t('editor.param.add')}
        </button>
      </div>
    </div>
  );
}
