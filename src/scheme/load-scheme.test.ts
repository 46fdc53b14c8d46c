import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatIssue, loadSchemeFile, parseSchemeText } from './load-scheme.js';

const examplePath = fileURLToPath(new URL('./fixtures/sales-orders.scheme.yaml', import.meta.url));
const example = readFileSync(examplePath, 'utf8');
const connections = { kingdee: { type: 'kingdee' }, okki: { type: 'okki' } };

const base = `version: 1
id: a-to-b
name: A to B
source:
  connection: kingdee
  api: ExecuteBillQuery
  key: FNumber
target:
  connection: okki
  api: products.push
  key: code
mapping:
  document:
    code: FNumber
`;

function issuesOf(text: string, options = {}) {
  const result = parseSchemeText(text, 'schemes/x.yaml', options);
  if (result.ok) throw new Error('expected issues');
  return result.issues;
}

describe('parseSchemeText', () => {
  it('loads the example scheme', async () => {
    const result = await loadSchemeFile(examplePath, { connections });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.scheme.id).toBe('example-sales-orders-to-okki');
  });

  it('points an unknown key at its own line and column, naming the parent path', () => {
    const text = base.replace('  document:', '  documnet:');
    const issues = issuesOf(text);
    expect(issues).toHaveLength(1);
    const unknown = issues.find((i) => i.message.startsWith('Unrecognized key'));
    expect(unknown).toMatchObject({ file: 'schemes/x.yaml', line: 13, column: 3, path: 'mapping' });
    expect(formatIssue(unknown!)).toBe(
      'schemes/x.yaml:13:3 mapping: Unrecognized key "documnet" (did you mean "document"?)',
    );
  });

  it('points a bad type at the value', () => {
    const issues = issuesOf(`${base}settings:\n  concurrency: eight\n`);
    expect(issues).toEqual([expect.objectContaining({ path: 'settings.concurrency', line: 16, column: 16 })]);
  });

  it('points a missing required field at its parent', () => {
    const issues = issuesOf(base.replace('  key: code\n', ''));
    expect(issues).toEqual([
      expect.objectContaining({ path: 'target.key', line: 9, column: 3, message: 'Missing required field "key"' }),
    ]);
  });

  it('reports malformed YAML as an issue with a position instead of throwing', () => {
    const issues = issuesOf('version: 1\nid: [unclosed\nname: x\n');
    expect(issues[0].message).toMatch(/^YAML: /);
    expect(issues[0].line).toBeGreaterThanOrEqual(2);
  });

  it('reports a JSONata syntax error at the character inside the expression', () => {
    const issues = issuesOf(base.replace('    code: FNumber', '    code: FNumber +'));
    expect(issues).toHaveLength(1);
    expect(issues[0].path).toBe('mapping.document.code');
    expect(issues[0].line).toBe(14);
    expect(issues[0].column).toBeGreaterThan(11);
    expect(issues[0].message).toMatch(/Invalid JSONata expression/);
  });

  it('rejects unknown functions (typos) but accepts JSONata ones and locally bound ones', () => {
    const text = base.replace(
      '    code: FNumber',
      '    code: "$lookUp(\'x\', FNumber, \'id\')"\n    other: "($f := function($v) { $uppercase($v) }; $f(FNumber))"',
    );
    const issues = issuesOf(text);
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'mapping.document.code',
        line: 14,
        column: 12,
        message: 'Unknown function $lookUp (did you mean $lookup?)',
      }),
    ]);
    const filter = base.replace(
      '  key: FNumber\n',
      "  key: FNumber\n  filter: { document: \"$customField('okki', 'order', 'x') = 1\" }\n",
    );
    expect(issuesOf(filter)[0].message).toContain('only available in mapping.document');
  });

  it('rejects connections missing from qiao.yaml only when connections are given', () => {
    expect(parseSchemeText(base, 'x.yaml').ok).toBe(true);
    const issues = issuesOf(base, { connections: { kingdee: { type: 'kingdee' } } });
    expect(issues).toEqual([
      expect.objectContaining({
        path: 'target.connection',
        line: 9,
        message: expect.stringContaining('Unknown connection "okki"'),
      }),
    ]);
  });

  it('rejects unknown template variables and secrets in params', () => {
    const text = base.replace(
      '  key: FNumber\n',
      "  key: FNumber\n  params:\n    FilterString: \"FModifyDate >= '{{window.form}}'\"\n    password: hunter2\n  cursor: { fields: [FModifyDate], start: '2026-01-01T00:00:00' }\n",
    );
    const issues = issuesOf(text);
    expect(issues.map((i) => i.path)).toEqual(['source.params.FilterString', 'source.params.password']);
    expect(issues[0].message).toContain('{{window.form}}');
    expect(issues[1]).toMatchObject({ line: 10, column: 5 });
  });

  it('checks write-back templates against source/ids/payload variables', () => {
    const text = base + 'valueTables: {}\n'.replace('{}', '{}');
    const withWriteBack = text.replace(
      '  key: code\n',
      '  key: code\n  writeBack:\n    connection: kingdee\n    api: Save\n    params: { Model: { FID: "{{source.FID}}", X: "{{ids.id}}", Y: "{{order_id}}" } }\n',
    );
    const issues = issuesOf(withWriteBack);
    expect(issues.map((i) => i.path)).toEqual(['target.writeBack.params.Model.Y']);
  });

  it('rejects a $valueTable naming a table that does not exist, and an unmapped target key', () => {
    const text = base.replace('    code: FNumber', '    name: "$valueTable(\'nope\', FNumber)"');
    const messages = issuesOf(text).map((i) => `${i.path}: ${i.message}`);
    expect(messages).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^mapping.document.name: \$valueTable refers to "nope"/),
        expect.stringMatching(/^target.key: The target key "code" is not mapped/),
      ]),
    );
  });

  it('rejects a bad cron expression and a bad cursor start', () => {
    const text = `${base}settings:\n  schedule: { cron: '61 * * * *' }\n`;
    expect(issuesOf(text)).toEqual([expect.objectContaining({ path: 'settings.schedule.cron' })]);
    const cursor = base.replace(
      '  key: FNumber\n',
      "  key: FNumber\n  cursor: { fields: [FModifyDate], start: 'yesterday' }\n",
    );
    expect(issuesOf(cursor)).toEqual([expect.objectContaining({ path: 'source.cursor.start', line: 8 })]);
  });

  it('requires version and refuses newer formats', () => {
    expect(issuesOf(base.replace('version: 1\n', ''))[0]).toMatchObject({
      path: 'version',
      message: expect.stringContaining('Missing "version"'),
    });
    expect(issuesOf(base.replace('version: 1', 'version: 7'))[0]).toMatchObject({
      path: 'version',
      line: 1,
      column: 10,
    });
  });

  it('reports test fixtures that do not exist, with their position', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'qiao-scheme-'));
    const file = join(dir, 's.yaml');
    writeFileSync(file, `${base}tests:\n  - name: t\n    source: rows.json\n    payloads: []\n`);
    const result = await loadSchemeFile(file);
    expect(result.ok === false && result.issues).toEqual([
      expect.objectContaining({
        path: 'tests[0].source',
        line: 17,
        column: 13,
        message: expect.stringContaining('"rows.json" does not exist'),
      }),
    ]);
    writeFileSync(join(dir, 'rows.json'), '[]');
    expect((await loadSchemeFile(file)).ok).toBe(true);
  });

  it('returns an issue for a file that cannot be read', async () => {
    const result = await loadSchemeFile('/nonexistent/scheme.yaml');
    expect(result.ok).toBe(false);
  });

  it('keeps the YAML text of a valid scheme', () => {
    const result = parseSchemeText(example, 'e.yaml');
    expect(result.ok && result.text).toBe(example);
  });
});
