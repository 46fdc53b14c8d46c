import type { SchemeValidationIssue } from '../../api/types.js';
import { Card } from '../../components/card.js';
import { useI18n } from '../../i18n/i18n.js';
import type { ValidationState } from './use-validation.js';

/** Validation status and every issue with its path (and line, when the loader knows it). */
export function ValidationPanel({ state, issues }: { state: ValidationState; issues: SchemeValidationIssue[] }) {
  const { t } = useI18n();
  const head =
    state === 'valid' ? (
      <span className="badge badge-succeeded">{t('editor.valid')}</span>
    ) : state === 'validating' ? (
      <span className="badge badge-pending">{t('editor.validating')}</span>
    ) : (
      <span className="badge badge-failed">{t('editor.issues', { n: issues.length })}</span>
    );
  return (
    <Card
      title={t('editor.validation')}
      actions={
        <span data-testid="validation-status" data-state={state}>
          {head}
        </span>
      }
      testId="validation-panel"
    >
      {issues.length > 0 && state !== 'valid' && (
        <ul className="issues">
          {issues.map((issue, i) => (
            <li key={i} data-testid="validation-issue">
              <span className="mono issue-path">
                {issue.path || '(root)'}
                {issue.line ? <span className="muted"> · {t('editor.line', { n: issue.line })}</span> : null}
              </span>
              <span>{issue.message}</span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
