import { describe, expect, it } from 'vitest';
import { parseSchemeText } from '../load-scheme.js';
import { CURRENT_SCHEME_VERSION } from '../scheme.schema.js';
import { migrateSchemeDocument, schemeMigrations, type SchemeMigration } from './index.js';

// Synthetic history: format 0 called the mapping "fields" and the target key "upsertKey".
const zeroToOne: SchemeMigration = {
  from: 0,
  to: 1,
  description: 'rename fields → mapping.document, target.upsertKey → target.key',
  migrate(doc) {
    const { fields, ...rest } = doc as { fields?: unknown } & Record<string, unknown>;
    const target = { ...(rest.target as Record<string, unknown>) };
    target.key = target.upsertKey;
    delete target.upsertKey;
    return { ...rest, mapping: { document: fields }, target };
  },
};

const v0 = `version: 0
id: a-to-b
name: A to B
source: { connection: kingdee, api: ExecuteBillQuery, key: FNumber }
target: { connection: okki, api: products.push, upsertKey: code }
fields:
  code: FNumber
`;

describe('scheme migrations', () => {
  it('ships a consistent registry ending at the current version (version 1 is the baseline)', () => {
    schemeMigrations.forEach((m, i) => {
      expect(m.to).toBe(m.from + 1);
      if (i > 0) expect(m.from).toBe(schemeMigrations[i - 1].to);
    });
    const last = schemeMigrations.at(-1);
    expect(last ? last.to : CURRENT_SCHEME_VERSION).toBe(CURRENT_SCHEME_VERSION);
  });

  it('passes a current document through unchanged', () => {
    const doc = { version: CURRENT_SCHEME_VERSION, id: 'x' };
    expect(migrateSchemeDocument(doc, schemeMigrations, CURRENT_SCHEME_VERSION)).toEqual({
      ok: true,
      doc,
      fromVersion: 1,
      applied: [],
    });
  });

  it('parses, migrates, then validates an old file', () => {
    const result = parseSchemeText(v0, 'old.yaml', { migrations: [zeroToOne] });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.scheme.mapping.document).toEqual({ code: 'FNumber' });
    expect(result.scheme.target.key).toBe('code');
    expect(result.migrated).toEqual(['0→1: rename fields → mapping.document, target.upsertKey → target.key']);
  });

  it('does not mutate the input document', () => {
    const doc = { version: 0, fields: { a: 'b' }, target: { upsertKey: 'a' } };
    const copy = structuredClone(doc);
    migrateSchemeDocument(doc, [zeroToOne], 1);
    expect(doc).toEqual(copy);
  });

  it('chains several steps in order', () => {
    const step = (from: number): SchemeMigration => ({
      from,
      to: from + 1,
      description: `step ${from}`,
      migrate: (d) => ({ ...d, trail: [...((d.trail as number[]) ?? []), from] }),
    });
    const result = migrateSchemeDocument({ version: 0 }, [step(0), step(1), step(2)], 3);
    expect(result).toMatchObject({ ok: true, doc: { version: 3, trail: [0, 1, 2] } });
  });

  it('reports a version with no migration path, and a broken registry', () => {
    expect(migrateSchemeDocument({ version: 0 }, [], 1)).toMatchObject({
      ok: false,
      path: ['version'],
      message: expect.stringContaining('No migration from scheme format version 0'),
    });
    expect(() => migrateSchemeDocument({ version: 0 }, [{ ...zeroToOne, to: 2 }], 1)).toThrow(/registry is broken/);
    const issues = parseSchemeText(v0, 'old.yaml');
    expect(issues.ok === false && issues.issues[0]).toMatchObject({ path: 'version', line: 1 });
  });
});
