import { useEffect, useMemo, useState } from 'react';
import { api, ApiError, seg } from '../../api/client.js';
import type { SchemeDetail, SchemeSummary, SchemeValidationIssue } from '../../api/types.js';
import { useNotify } from '../../components/notice.js';
import { useI18n } from '../../i18n/i18n.js';
import { navigate } from '../../lib/router.js';
import { parseYaml, setYamlValue } from '../../lib/yaml-edit.js';
import type { StepProps } from './step-props.js';
import { MappingStep } from './mapping-step.js';
import { PreviewPanel } from './preview-panel.js';
import { blankSchemeYaml } from './scheme-template.js';
import { SettingsStep } from './settings-step.js';
import { SourceStep } from './source-step.js';
import { useValidation } from './use-validation.js';
import { ValidationPanel } from './validation-panel.js';
import { YamlTab } from './yaml-tab.js';

/** What each step gets: the parsed document, a setter by path, and the current issues. */
/** 方案编辑: the three steps as a form (or raw YAML), live validation and preview, save. */
export function EditorPage({ schemeId }: { schemeId: string | null }) {
  const { t } = useI18n();
  const notify = useNotify();
  const [text, setText] = useState<string | null>(schemeId ? null : blankSchemeYaml());
  const [tab, setTab] = useState<'form' | 'yaml'>('form');
  const [saving, setSaving] = useState(false);
  const [saveIssues, setSaveIssues] = useState<SchemeValidationIssue[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);

  useEffect(() => {
    if (!schemeId) return;
    api<SchemeDetail>(`/api/schemes/${seg(schemeId)}`).then(
      (d) => setText(d.yaml),
      (e: unknown) => setLoadError(e instanceof Error ? e.message : String(e)),
    );
  }, [schemeId]);

  const parsed = useMemo(() => parseYaml(text ?? ''), [text]);
  const validation = useValidation(text);
  const issues = validation.issues.length ? validation.issues : saveIssues;
  const data = (parsed.data && typeof parsed.data === 'object' ? parsed.data : {}) as Record<string, unknown>;
  const canSave = text !== null && validation.state === 'valid' && !saving;

  const save = async (): Promise<void> => {
    if (!canSave || text === null) return;
    setSaving(true);
    try {
      const { summary } = schemeId
        ? await api<{ summary: SchemeSummary }>(`/api/schemes/${seg(schemeId)}`, {
            method: 'PUT',
            body: { yaml: text },
          })
        : await api<{ summary: SchemeSummary }>('/api/schemes', { method: 'POST', body: { yaml: text } });
      notify(t('editor.saved'));
      navigate(`/schemes/${encodeURIComponent(summary.id)}`);
    } catch (error) {
      if (error instanceof ApiError && error.issues.length) setSaveIssues(error.issues);
      notify(error instanceof Error ? error.message : String(error), 'error');
    } finally {
      setSaving(false);
    }
  };

  if (loadError)
    return (
      <div className="page">
        <div className="alert alert-error">{loadError}</div>
      </div>
    );
  if (text === null) return <div className="page muted pad">{t('common.loading')}</div>;

  const stepProps: StepProps = {
    data,
    issues,
    isNew: !schemeId,
    update: (path, value) => setText((cur) => setYamlValue(cur ?? '', path, value)),
  };
  return (
    <div className="page" data-testid="page-editor">
      <header className="page-head">
        <div>
          <div className="crumbs">
            <a href="#/">{t('nav.overview')}</a> / {schemeId ? t('editor.titleEdit') : t('editor.titleNew')}
          </div>
          <h1>{schemeId ? `${t('editor.titleEdit')} · ${schemeId}` : t('editor.titleNew')}</h1>
        </div>
        <div className="actions">
          <div className="tabs">
            <button
              type="button"
              className={tab === 'form' ? 'active' : ''}
              onClick={() => setTab('form')}
              data-testid="tab-form"
            >
              {t('editor.tab.form')}
            </button>
            <button
              type="button"
              className={tab === 'yaml' ? 'active' : ''}
              onClick={() => setTab('yaml')}
              data-testid="tab-yaml"
            >
              {t('editor.tab.yaml')}
            </button>
          </div>
          <button
            type="button"
            className="btn btn-primary"
            disabled={!canSave}
            onClick={save}
            data-testid="editor-save"
          >
            {t('editor.saveAndView')}
          </button>
        </div>
      </header>
      <div className="editor">
        <div className="editor-main">
          {tab === 'yaml' || parsed.error ? (
            <YamlTab text={text} onChange={setText} parseError={parsed.error} issues={issues} />
          ) : (
            <>
              <SourceStep {...stepProps} onReplace={setText} />
              <MappingStep {...stepProps} />
              <SettingsStep {...stepProps} />
            </>
          )}
        </div>
        <aside className="editor-side">
          <ValidationPanel state={validation.state} issues={issues} />
          <PreviewPanel
            text={validation.state === 'valid' ? validation.validText : null}
            schemeId={typeof data.id === 'string' ? data.id : (schemeId ?? '')}
          />
        </aside>
      </div>
    </div>
  );
}
