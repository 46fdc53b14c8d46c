import { describe, expect, it } from 'vitest';
import { formatIssue, parseSchemeText, type SchemeLoadResult } from './load-scheme.js';
import { checkSchemeSet } from './scheme-set-checks.js';

const scheme = (id: string, extra = ''): string => `version: 1
id: ${id}
name: ${id}
source: { connection: erp, api: rows, key: no }
mapping:
  document:
    no: no
target: { connection: crm, api: push, key: no }
${extra}`;

const load = (files: Record<string, string>): SchemeLoadResult[] =>
  Object.entries(files).map(([file, text]) => parseSchemeText(text, file));
const summary = (results: SchemeLoadResult[]) =>
  results.map((r) => (r.ok ? `${r.file}: ok` : r.issues.map(formatIssue).join(' | ')));

describe('checkSchemeSet', () => {
  it('refuses every file sharing an id, each naming the others', () => {
    expect(
      summary(checkSchemeSet(load({ 'a.yaml': scheme('x'), 'b.yaml': scheme('x'), 'c.yaml': scheme('y') }))),
    ).toEqual([
      'a.yaml:2:5 id: Scheme id "x" is also used by b.yaml; ids must be unique (the ledger keys records by id): give one of them another id',
      'b.yaml:2:5 id: Scheme id "x" is also used by a.yaml; ids must be unique (the ledger keys records by id): give one of them another id',
      'c.yaml: ok',
    ]);
  });

  it('refuses references to schemes that do not load, through a chain of dependents', () => {
    const results = checkSchemeSet(
      load({
        'base.yaml': 'version: 1\nid: base\n', // does not validate
        'mid.yaml': scheme('mid', 'settings: { preconditions: [base] }\n'),
        'top.yaml': scheme('top', 'settings: { preconditions: [mid] }\n').replace(
          'no: no',
          "no: no\n    x: $lookup('ghost', no)",
        ),
      }),
    );
    expect(summary(results).slice(1)).toEqual([
      'mid.yaml:9:29 settings.preconditions[0]: Precondition "base": the scheme in base.yaml does not validate',
      'top.yaml:10:29 settings.preconditions[0]: Precondition "mid": the scheme in mid.yaml does not validate | top.yaml:8:8 mapping.document.x: $lookup refers to scheme "ghost": no loaded scheme has that id (loaded: none)',
    ]);
  });

  it('refuses a precondition cycle, naming it from each scheme on it', () => {
    const results = checkSchemeSet(
      load({
        'a.yaml': scheme('a', 'settings: { preconditions: [b] }\n'),
        'b.yaml': scheme('b', 'settings: { preconditions: [a] }\n'),
        'c.yaml': scheme('c', 'settings: { preconditions: [a] }\n'),
      }),
    );
    expect(summary(results)).toEqual([
      expect.stringContaining('a.yaml:9:29 settings.preconditions[0]: Preconditions form a cycle (a → b → a)'),
      expect.stringContaining('b.yaml:9:29 settings.preconditions[0]: Preconditions form a cycle (b → a → b)'),
      'c.yaml: ok',
    ]);
  });
});
