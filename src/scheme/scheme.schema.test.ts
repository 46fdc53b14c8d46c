import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { schemeSchema } from './scheme.schema.js';

const example = parse(readFileSync(new URL('./fixtures/sales-orders.scheme.yaml', import.meta.url), 'utf8')) as Record<
  string,
  unknown
>;

function minimal(): Record<string, unknown> {
  return {
    version: 1,
    id: 'a-to-b',
    name: 'A to B',
    source: { connection: 'kingdee', api: 'ExecuteBillQuery', key: 'FNumber' },
    mapping: { document: { code: 'FNumber' } },
    target: { connection: 'okki', api: 'products.push', key: 'code' },
  };
}

describe('schemeSchema', () => {
  it('accepts the example scheme and applies defaults', () => {
    const scheme = schemeSchema.parse(example);
    expect(scheme.source.group?.linesAs).toBe('lines');
    expect(scheme.source.cursor?.overlapSeconds).toBe(300);
    expect(scheme.settings.retry.attempts).toBe(3);
    expect(scheme.settings.retry.initialDelayMs).toBe(1_000);
    expect(scheme.tests).toHaveLength(2);
  });

  it('fills every default for a minimal scheme', () => {
    const scheme = schemeSchema.parse(minimal());
    expect(scheme.enabled).toBe(true);
    expect(scheme.settings).toMatchObject({
      schedule: { manual: true },
      concurrency: 4,
      batchSize: 500,
      preconditions: [],
    });
    expect(scheme.source.params).toEqual({});
    expect(scheme.valueTables).toEqual({});
  });

  it('rejects unknown keys at any level with their paths', () => {
    const doc = minimal();
    doc.colour = 'red';
    (doc.mapping as Record<string, unknown>).documnet = {};
    const result = schemeSchema.safeParse(doc);
    expect(result.success).toBe(false);
    const issues = result.error!.issues.filter((i) => i.code === 'unrecognized_keys');
    expect(issues.map((i) => [i.path.join('.'), (i as { keys: string[] }).keys])).toEqual(
      expect.arrayContaining([
        ['', ['colour']],
        ['mapping', ['documnet']],
      ]),
    );
  });

  it('reports bad types with the path of the field', () => {
    const doc = minimal();
    doc.settings = { concurrency: 'eight', retry: { attempts: 0 } };
    doc.id = 'Not Kebab';
    const result = schemeSchema.safeParse(doc);
    const paths = result.error!.issues.map((i) => i.path.join('.'));
    expect(paths).toEqual(expect.arrayContaining(['settings.concurrency', 'settings.retry.attempts', 'id']));
  });

  it('accepts exactly one schedule form', () => {
    for (const schedule of [{ cron: '*/5 * * * *' }, { intervalSeconds: 300 }, { manual: true }]) {
      expect(schemeSchema.safeParse({ ...minimal(), settings: { schedule } }).success).toBe(true);
    }
    expect(
      schemeSchema.safeParse({ ...minimal(), settings: { schedule: { cron: '* * * * *', intervalSeconds: 60 } } })
        .success,
    ).toBe(false);
    expect(schemeSchema.safeParse({ ...minimal(), settings: { schedule: { intervalSeconds: 5 } } }).success).toBe(
      false,
    );
  });

  it('only reads format version 1', () => {
    expect(schemeSchema.safeParse({ ...minimal(), version: 2 }).success).toBe(false);
  });
});
