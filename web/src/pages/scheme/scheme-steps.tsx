import type { SchemeSummary } from '../../api/types.js';
import { Card } from '../../components/card.js';
import { findOperation, labelMap, useCatalog } from '../../hooks/use-catalog.js';
import { useI18n } from '../../i18n/i18n.js';
import { formatValue } from '../../lib/format.js';
import { schemeView } from '../../lib/scheme-shape.js';

/** The scheme in the seed's three steps: ① source API and parameters ② field mapping ③ settings. */
export function SchemeSteps({ scheme, summary }: { scheme: unknown; summary: SchemeSummary }) {
  const { t } = useI18n();
  const view = schemeView(scheme);
  const catalog = useCatalog();
  const sourceLabels = labelMap(
    findOperation(catalog, view.source.connection, view.source.api, view.source.params.FormId),
  );
  const targetLabels = labelMap(findOperation(catalog, view.target.connection, view.target.api));
  const otherParams = Object.entries(view.source.params).filter(([k]) => k !== 'FieldKeys');
  return (
    <div className="steps">
      <Card title={t('scheme.step1')} testId="step-source">
        <dl className="kv">
          <dt>{t('scheme.source')}</dt>
          <dd className="mono">
            {view.source.connection} · {view.source.api}
          </dd>
          <dt>{t('scheme.target')}</dt>
          <dd className="mono">
            {view.target.connection} · {view.target.api}
          </dd>
          {otherParams.map(([k, v]) => (
            <div key={k} className="kv-row">
              <dt className="mono">{k}</dt>
              <dd className="mono wrap">{formatValue(v)}</dd>
            </div>
          ))}
        </dl>
        {view.source.fieldKeys.length > 0 && (
          <>
            <h3 className="sub">
              {t('scheme.fieldKeys')} · {view.source.fieldKeys.length}
            </h3>
            <div className="chips">
              {view.source.fieldKeys.map((k) => (
                <span key={k} className="chip" title={k}>
                  {sourceLabels.get(k) ?? k}
                  <small className="mono">{k}</small>
                </span>
              ))}
            </div>
          </>
        )}
      </Card>
      <Card title={t('scheme.step2')} testId="step-mapping">
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('scheme.targetField')}</th>
              <th>{t('scheme.expression')}</th>
            </tr>
          </thead>
          <tbody>
            {view.mapping.map((m) => (
              <tr key={m.field}>
                <td>
                  <div className="strong">{targetLabels.get(m.field) ?? m.field}</div>
                  <div className="mono muted small">{m.field}</div>
                </td>
                <td>
                  <code className="expr">{m.expression}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card title={t('scheme.step3')} testId="step-settings">
        <dl className="kv kv-stacked">
          <dt>{t('scheme.schedule')}</dt>
          <dd className="mono">{view.schedule}</dd>
          <dt>{t('scheme.retries')}</dt>
          <dd>{view.attempts ?? '—'}</dd>
          <dt>{t('scheme.isEnabled')}</dt>
          <dd>{summary.enabled ? t('common.yes') : t('common.no')}</dd>
          <dt>{t('scheme.preconditions')}</dt>
          <dd>
            {view.preconditions.length
              ? view.preconditions.map((p) => (
                  <span key={p} className="chip mono">
                    {p}
                  </span>
                ))
              : t('scheme.noPreconditions')}
          </dd>
          {view.source.cursorStart && (
            <>
              <dt>{t('scheme.cursor')}</dt>
              <dd className="mono small">
                start {view.source.cursorStart}
                <br />
                {view.source.cursorFields.join(', ')}
              </dd>
            </>
          )}
        </dl>
      </Card>
    </div>
  );
}
