import jsonata from 'jsonata';
import { findCalls } from './mapping/expression.js';
import type { Scheme } from './scheme.schema.js';

/** A reference from one scheme to another (a precondition or a `$lookup`), located by path. */
export interface SchemeReference {
  id: string;
  path: Array<string | number>;
  kind: 'precondition' | 'lookup';
}

/**
 * The schemes `scheme` depends on: its preconditions, and the ids its mappings pass to
 * `$lookup('<scheme id>', …)` as a literal (a computed id cannot be checked before a run).
 */
export function schemeReferences(scheme: Scheme): SchemeReference[] {
  const refs: SchemeReference[] = scheme.settings.preconditions.map((id, i) => ({
    id,
    path: ['settings', 'preconditions', i],
    kind: 'precondition' as const,
  }));
  for (const [field, text] of Object.entries(scheme.mapping.document)) {
    if (typeof text !== 'string' || !text.includes('$lookup')) continue;
    let ast: jsonata.ExprNode;
    try {
      ast = jsonata(text).ast();
    } catch {
      continue; // syntax errors are reported by checkScheme
    }
    for (const call of findCalls(ast, 'lookup')) {
      const id = call.args[0];
      if (id !== undefined) refs.push({ id, path: ['mapping', 'document', field], kind: 'lookup' });
    }
  }
  return refs;
}

/**
 * References to schemes that are not loaded. A precondition that names no loaded scheme keeps the
 * scheme from ever running; a `$lookup` of one parks every document forever.
 */
export function unknownReferenceIssues(
  scheme: Scheme,
  loaded: ReadonlySet<string>,
  why: (id: string) => string | undefined = () => undefined,
): Array<{ path: Array<string | number>; message: string }> {
  const known = [...loaded].filter((id) => id !== scheme.id).sort();
  const seen = new Set<string>();
  const issues: Array<{ path: Array<string | number>; message: string }> = [];
  for (const ref of schemeReferences(scheme)) {
    if (ref.id === scheme.id && ref.kind === 'lookup') continue; // a scheme may look up its own earlier writes
    if (loaded.has(ref.id) || ref.id === scheme.id) continue;
    const key = `${ref.kind}:${ref.id}:${ref.path.join('.')}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const what = ref.kind === 'precondition' ? 'Precondition' : '$lookup refers to scheme';
    const reason = why(ref.id) ?? `no loaded scheme has that id (loaded: ${known.join(', ') || 'none'})`;
    issues.push({ path: ref.path, message: `${what} "${ref.id}": ${reason}` });
  }
  return issues;
}
