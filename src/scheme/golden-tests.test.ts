import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runSchemeTests } from './golden-tests.js';
import { loadSchemeFile, parseSchemeText } from './load-scheme.js';

const fixtures = fileURLToPath(new URL('./fixtures/', import.meta.url));

async function load(file: string) {
  const result = await loadSchemeFile(file);
  if (!result.ok) throw new Error(JSON.stringify(result.issues));
  return result.scheme;
}

/** A copy of the example scheme in a temp dir, with `edit` applied to the expected payload. */
function exampleCopy(
  edit: (payload: Array<Record<string, unknown>>) => void,
  yamlEdit: (y: string) => string = (y) => y,
): string {
  const dir = mkdtempSync(join(tmpdir(), 'qiao-golden-'));
  copyFileSync(join(fixtures, 'xsdd000001.rows.json'), join(dir, 'xsdd000001.rows.json'));
  const payload = JSON.parse(readFileSync(join(fixtures, 'xsdd000001.payload.json'), 'utf8')) as Array<
    Record<string, unknown>
  >;
  edit(payload);
  writeFileSync(join(dir, 'xsdd000001.payload.json'), JSON.stringify(payload));
  const file = join(dir, 'scheme.yaml');
  writeFileSync(file, yamlEdit(readFileSync(join(fixtures, 'sales-orders.scheme.yaml'), 'utf8')));
  return file;
}

describe('runSchemeTests', () => {
  it('passes the example scheme tests (grouping, line filter, lookups, custom fields, money)', async () => {
    const file = join(fixtures, 'sales-orders.scheme.yaml');
    const report = await runSchemeTests(await load(file), file);
    expect(report.tests.map((t) => [t.name, t.ok, t.problems])).toEqual([
      ['approved order with two lines', true, []],
      ['a quantity that is not a number fails the order with a readable reason', true, []],
    ]);
    expect(report.ok).toBe(true);
  });

  it('reports field-level differences', async () => {
    const file = exampleCopy((p) => {
      p[0].currency = 'USD';
      (p[0].product_list as Array<Record<string, unknown>>)[1].count = 5;
    });
    const report = await runSchemeTests(await load(file), file);
    expect(report.ok).toBe(false);
    expect(report.tests[0].diffs).toEqual([
      {
        index: 0,
        key: 'XSDD000001',
        differences: [
          { path: 'currency', before: 'USD', after: 'CNY' },
          { path: 'product_list[1].count', before: 5, after: 2 },
        ],
      },
    ]);
  });

  it('fails when a lookup is not canned, an expected error does not happen, or a fixture is missing', async () => {
    const file = exampleCopy(
      () => {},
      (y) =>
        y
          .replace('MAT-02: { product_id: 502 }', 'MAT-03: { product_id: 503 }')
          .replace('FQty: "abc"', 'FQty: "4"')
          .replace('source: xsdd000001.rows.json', 'source: xsdd000001.rows.json'),
    );
    const report = await runSchemeTests(await load(file), file);
    expect(report.tests[0].problems.join('\n')).toMatch(
      /Document XSDD000001 failed unexpectedly: \[mapping.lookup_missing\].*"MAT-02"/,
    );
    expect(report.tests[1].problems.join('\n')).toMatch(
      /Document XSDD000002 failed differently: expected mapping.not_a_number .*got test.custom_field_missing/,
    );
    const missing = exampleCopy(
      () => {},
      (y) => y.replace('source: xsdd000001.rows.json', 'source: nope.json'),
    );
    // loadSchemeFile already refuses a missing fixture; the runner must still cope if it vanishes later.
    expect((await loadSchemeFile(missing)).ok).toBe(false);
    const parsed = parseSchemeText(readFileSync(missing, 'utf8'), missing);
    if (!parsed.ok) throw new Error('scheme text should be valid');
    const again = await runSchemeTests(parsed.scheme, missing);
    expect(again.tests[0].problems[0]).toMatch(/Cannot read test fixture .*nope.json/);
  });
});
