import { LineCounter, parseDocument } from 'yaml';
import { formatPath, type SchemeIssue, type SchemeLoadResult } from './load-scheme.js';
import { unknownReferenceIssues } from './scheme-references.js';
import { locatePath } from './yaml-positions.js';

type Loaded = Extract<SchemeLoadResult, { ok: true }>;

/**
 * Checks a directory's schemes together, as the engine loads them: ids are unique (every file
 * sharing an id is refused, naming the others: running either could be the wrong one), every
 * precondition and literal `$lookup` names a scheme that loads, and preconditions have no cycle.
 * A scheme refused here can make its dependents fail too, so the checks repeat until stable.
 * Returns the results in the same order, with failures added.
 */
export function checkSchemeSet(results: readonly SchemeLoadResult[]): SchemeLoadResult[] {
  const out = [...results];
  const refuse = (index: number, issues: SchemeIssue[]): void => {
    const r = out[index] as Loaded;
    out[index] = { ok: false, file: r.file, id: r.scheme.id, issues };
  };

  const byId = new Map<string, number[]>();
  out.forEach((r, i) => {
    if (r.ok) byId.set(r.scheme.id, [...(byId.get(r.scheme.id) ?? []), i]);
  });
  const duplicated = new Map<string, string[]>();
  for (const [id, indexes] of byId) {
    if (indexes.length < 2) continue;
    const files = indexes.map((i) => out[i]!.file);
    duplicated.set(id, files);
    for (const i of indexes) {
      const others = files.filter((f) => f !== out[i]!.file);
      refuse(i, [
        issueAt(out[i] as Loaded, ['id'], {
          message: `Scheme id "${id}" is also used by ${others.join(', ')}; ids must be unique (the ledger keys records by id): give one of them another id`,
        }),
      ]);
    }
  }

  // The schemes that load: drop any whose references name a scheme outside the set, until stable.
  const loaded = new Set(out.filter((r): r is Loaded => r.ok).map((r) => r.scheme.id));
  for (let changed = true; changed; ) {
    changed = false;
    for (const r of out)
      if (r.ok && loaded.has(r.scheme.id) && unknownReferenceIssues(r.scheme, loaded).length > 0) {
        loaded.delete(r.scheme.id);
        changed = true;
      }
  }
  const why = (id: string): string | undefined => {
    const files = duplicated.get(id);
    if (files) return `its id is used by several files (${files.join(', ')}), so none of them loads`;
    const failed = out.find((r) => (r.ok ? r.scheme.id : r.id) === id);
    return failed ? `the scheme in ${failed.file} does not validate` : undefined;
  };
  out.forEach((r, i) => {
    if (!r.ok || loaded.has(r.scheme.id)) return;
    refuse(
      i,
      unknownReferenceIssues(r.scheme, loaded, why).map((issue) => issueAt(r, issue.path, issue)),
    );
  });

  for (const [i, cycle] of preconditionCycles(out)) {
    const r = out[i] as Loaded;
    const index = r.scheme.settings.preconditions.indexOf(cycle[1]!);
    refuse(i, [
      issueAt(r, ['settings', 'preconditions', index], {
        message: `Preconditions form a cycle (${cycle.join(' → ')}): none of these schemes can ever run; remove one of the preconditions`,
      }),
    ]);
  }
  return out;
}

/** For each loaded scheme on a precondition cycle: its index and the cycle starting and ending at it. */
function preconditionCycles(results: readonly SchemeLoadResult[]): Array<[number, string[]]> {
  const index = new Map<string, number>();
  results.forEach((r, i) => {
    if (r.ok) index.set(r.scheme.id, i);
  });
  const next = (id: string): string[] => {
    const r = results[index.get(id)!] as Loaded;
    return r.scheme.settings.preconditions.filter((p) => index.has(p) && p !== id);
  };
  const found: Array<[number, string[]]> = [];
  for (const [start, i] of index) {
    // Breadth-first search for the shortest way back to `start`.
    const parent = new Map<string, string>();
    const queue = [...next(start)];
    for (const q of queue) parent.set(q, start);
    let hit = false;
    while (queue.length > 0 && !hit) {
      const id = queue.shift()!;
      if (id === start) hit = true;
      else
        for (const n of next(id))
          if (!parent.has(n)) {
            parent.set(n, id);
            queue.push(n);
          }
    }
    if (!hit) continue;
    const path = [start];
    for (let at = parent.get(start)!; at !== start; at = parent.get(at)!) path.unshift(at);
    found.push([i, [start, ...path]]);
  }
  return found;
}

function issueAt(r: Loaded, path: Array<string | number>, issue: { message: string }): SchemeIssue {
  const lineCounter = new LineCounter();
  const doc = parseDocument(r.text, { lineCounter });
  const pos = locatePath(doc, lineCounter, path);
  return {
    file: r.file,
    path: formatPath(path),
    line: pos?.line ?? 1,
    column: pos?.column ?? 1,
    message: issue.message,
  };
}
