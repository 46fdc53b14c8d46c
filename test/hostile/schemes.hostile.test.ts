/**
 * Hostile and broken scheme files (issue 11). Each case goes through every entry point that reads
 * schemes — `qiao validate` (with qiao.yaml), the engine's directory loader, and the API/console
 * validate-and-save path — and each must refuse it with the expected message, file:line:col and
 * path, within the budget. Before this corpus, 23 of 67 such files were accepted.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateFiles } from '../../src/cli/validate-files.js';
import { connectorOperations } from '../../src/connectors/registry.js';
import { readSchemeDirectory } from '../../src/runtime/scheme-files.js';
import { BOM_WARNING, parseSchemeText, type SchemeIssue } from '../../src/scheme/load-scheme.js';
import type { KnownConnections } from '../../src/scheme/scheme-checks.js';
import { type Finding, hostileCorpus, type Verdict } from './corpus.js';
import { CONFIG, CONFIG_ENV, CUSTOMERS, change, ORDERS } from './scheme-inputs.js';
import { SCHEME_FILE_CASES, type SchemeInput } from './scheme-file-cases.js';
import { SCHEME_RULE_CASES } from './scheme-rule-cases.js';

const operations = connectorOperations();
const connections: KnownConnections = {
  kingdee: { type: 'kingdee', ...operations.kingdee },
  okki: { type: 'okki', ...operations.okki },
};

const findings = (issues: readonly SchemeIssue[]): Finding[] =>
  issues.map((i) => ({ message: i.message, path: i.path, line: i.line, column: i.column }));

async function attempt(input: SchemeInput): Promise<Verdict[]> {
  const root = mkdtempSync(join(tmpdir(), 'qiao-hostile-scheme-'));
  const dir = join(root, 'schemes');
  const files: Record<string, string | Uint8Array> =
    typeof input === 'string'
      ? { 'customers.yaml': CUSTOMERS, 'x.yaml': input }
      : 'bytes' in input
        ? { 'customers.yaml': CUSTOMERS, 'x.yaml': input.bytes }
        : input.files;
  const named = typeof input === 'object' && 'files' in input ? Object.keys(input.files) : ['x.yaml'];
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  writeFileSync(join(root, 'qiao.yaml'), CONFIG);
  const paths = named.map((n) => join(dir, n));

  const verdicts: Verdict[] = [];
  const cli = await validateFiles(paths, { config: join(root, 'qiao.yaml'), env: CONFIG_ENV });
  expect(cli.config?.issues ?? [], 'the corpus qiao.yaml is valid').toEqual([]);
  verdicts.push({
    via: 'qiao validate',
    accepted: cli.files.every((f) => f.ok),
    errors: findings(cli.files.flatMap((f) => f.issues)),
    warnings: findings(cli.files.flatMap((f) => f.warnings)),
  });

  const engine = await readSchemeDirectory(dir, connections);
  const refused = engine.invalid.filter((i) => paths.includes(i.file));
  verdicts.push({
    via: 'engine loader',
    accepted: refused.length === 0,
    errors: findings(refused.flatMap((i) => i.issues)),
    warnings: findings(engine.warnings.filter((w) => paths.includes(w.file))),
  });

  if (typeof input === 'string') {
    // What POST /api/schemes/validate and save run (QiaoEngine.validateSchemeText).
    const api = parseSchemeText(input, '<editor>', { connections, schemeIds: ['customers-to-okki'] });
    verdicts.push({
      via: 'API validate/save',
      accepted: api.ok,
      errors: api.ok ? [] : findings(api.issues),
      warnings: api.ok ? findings(api.warnings) : [],
    });
  }
  return verdicts;
}

describe('the corpus base', () => {
  it('is accepted by every entry point, so each case fails only for what it changes', async () => {
    const verdicts = await attempt(ORDERS);
    for (const v of verdicts)
      expect({ via: v.via, accepted: v.accepted, errors: v.errors }).toEqual({
        via: v.via,
        accepted: true,
        errors: [],
      });
    expect(change(ORDERS, 'name: Orders', 'name: Orders')).toBe(ORDERS);
    expect(() => change(ORDERS, 'not in the text', '')).toThrow();
  });

  it('warns about a byte order mark in words that say what to do', () => {
    expect(BOM_WARNING).toContain('save it as "UTF-8" (without BOM)');
  });
});

hostileCorpus<SchemeInput>('hostile schemes', [...SCHEME_FILE_CASES, ...SCHEME_RULE_CASES], attempt, { located: true });
