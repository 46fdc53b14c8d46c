import type { SchemeValidationIssue } from '../../api/types.js';

/** Issues whose path is `prefix` or lies under it (`mapping.document.name` is under `mapping.document`). */
export function issuesAt(issues: SchemeValidationIssue[], prefix: string): SchemeValidationIssue[] {
  return issues.filter((i) => i.path === prefix || i.path.startsWith(`${prefix}.`) || i.path.startsWith(`${prefix}[`));
}

/** Inline issue messages under a form field. */
export function IssueText({ issues }: { issues: SchemeValidationIssue[] }) {
  if (issues.length === 0) return null;
  return (
    <div className="field-issue" data-testid="field-issue">
      {issues.map((i, n) => (
        <div key={n}>{i.message}</div>
      ))}
    </div>
  );
}
