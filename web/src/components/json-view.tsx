/** Pretty-printed JSON in a scrollable block. */
export function JsonView({ value, testId }: { value: unknown; testId?: string }) {
  if (value === null || value === undefined) return <div className="muted">—</div>;
  return (
    <pre className="json" data-testid={testId}>
      {JSON.stringify(value, null, 2)}
    </pre>
  );
}
