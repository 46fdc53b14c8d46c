/**
 * An issue path as the scheme loader writes it: "mapping.document.order_no", "tests[0].name";
 * keys that are not plain identifiers are JSON-quoted (mapping.document."...custom").
 * Must match formatPath in src/scheme/load-scheme.ts (it is not imported: it pulls in zod).
 */
export function issuePath(segments: ReadonlyArray<string | number>): string {
  return segments.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    const part = /^[A-Za-z_$][\w$-]*$/.test(segment) ? segment : JSON.stringify(segment);
    return out ? `${out}.${part}` : part;
  }, '');
}
