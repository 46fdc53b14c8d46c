import type { SchemeValidationIssue } from '../../api/types.js';
import { Card } from '../../components/card.js';
import { useI18n } from '../../i18n/i18n.js';

/** Raw YAML for power users, with issue lines marked in a gutter. */
export function YamlTab({
  text,
  onChange,
  parseError,
  issues,
}: {
  text: string;
  onChange: (text: string) => void;
  parseError: string | null;
  issues: SchemeValidationIssue[];
}) {
  const { t } = useI18n();
  const lines = text.split('\n').length;
  const bad = new Set(issues.map((i) => i.line).filter((l): l is number => typeof l === 'number'));
  return (
    <Card title={t('editor.tab.yaml')} testId="yaml-tab">
      {parseError && <div className="alert alert-error small">{parseError}</div>}
      <div className="yaml-editor">
        <pre className="gutter" aria-hidden>
          {Array.from({ length: lines }, (_, i) => (
            <div key={i} className={bad.has(i + 1) ? 'bad' : ''}>
              {i + 1}
            </div>
          ))}
        </pre>
        <textarea
          value={text}
          spellCheck={false}
          onChange={(e) => onChange(e.target.value)}
          rows={Math.max(20, lines + 2)}
          data-testid="yaml-input"
        />
      </div>
    </Card>
  );
}
