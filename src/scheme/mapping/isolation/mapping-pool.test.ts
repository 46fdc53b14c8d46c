import { afterAll, describe, expect, it } from 'vitest';
import { IntegrationError } from '../../../core/errors.js';
import type { Scheme } from '../../scheme.schema.js';
import type { MappingServices } from '../mapping-services.js';
import { isolateMapping } from './isolated-mapping.js';
import { MappingPool } from './mapping-pool.js';

function scheme(document: Record<string, unknown>): Scheme {
  return {
    id: 'pool-test',
    source: { connection: 'm', api: 'rows', key: 'K' },
    target: { connection: 'm', api: 'push', key: 'no' },
    mapping: { document: { no: 'K', ...document } },
  } as unknown as Scheme;
}

function servicesWith(synced: Record<string, Record<string, unknown>>) {
  const asked: string[] = [];
  const services: MappingServices = {
    async lookupSynced(schemeId, key) {
      asked.push(`${schemeId}/${key}`);
      return synced[key] ?? null;
    },
    lookupTarget: async (_connection, _object, query) => (query as { id?: string }).id?.toUpperCase(),
    customFieldId: async (_connection, _module, name) => `cf-${name}`,
    now: () => new Date('2026-02-03T04:05:06Z'),
  };
  return { services, asked };
}

const catchError = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the mapping to fail');
    },
    (error: IntegrationError) => error,
  );

describe('MappingPool', () => {
  const pool = new MappingPool({ size: 2 });
  afterAll(() => pool.close());

  it('maps in a worker with lookups answered by this thread, asked once per run', async () => {
    const mapping = isolateMapping(
      scheme({
        company: "$lookup('customers', C, 'company_id')",
        field: "$customField('okki', 'order', '物流费')",
        target: "$targetLookup('okki', 'company', { 'id': K }, 'x')",
        at: '$now()',
      }),
      pool,
    );
    const { services, asked } = servicesWith({ C1: { company_id: 1001 } });
    for (const key of ['a', 'b', 'c'])
      expect(await mapping.map({ K: key, C: 'C1' }, services)).toEqual({
        no: key,
        company: 1001,
        field: 'cf-物流费',
        target: key.toUpperCase(),
        at: '2026-02-03T04:05:06.000Z',
      });
    // One worker may answer all three, or two may each ask once.
    expect(asked.length).toBeGreaterThanOrEqual(1);
    expect(asked.length).toBeLessThanOrEqual(2);
  });

  it('keeps the kind of an error across the thread boundary (a missing lookup parks, it does not fail)', async () => {
    const mapping = isolateMapping(scheme({ company: "$lookup('customers', C, 'company_id')" }), pool);
    const error = await catchError(mapping.map({ K: 'k1', C: 'nobody' }, servicesWith({}).services));
    expect(error).toBeInstanceOf(IntegrationError);
    expect(error.kind).toBe('lookup_missing');
    expect(error.code).toBe('mapping.lookup_missing');
    expect(error.message).toMatch(/field "company" of document k1/);
  });

  it('stops a field past the wall clock, names it, replaces the worker and maps the next document', async () => {
    // The in-process guard is set far out, so only the worker's wall clock can stop the loop.
    const slow = new MappingPool({ size: 1, wallMs: 300 });
    try {
      const looping = isolateMapping(
        scheme({ ok: "'fine'", spin: '($f := function($n) { $f($n + 1) }; $f(0))' }),
        slow,
        {
          timeoutMs: 60_000,
          maxDepth: 500,
        },
      );
      const started = Date.now();
      const error = await catchError(looping.map({ K: 'k1' }, servicesWith({}).services));
      expect(Date.now() - started).toBeLessThan(10_000);
      expect(error.code).toBe('mapping.limit_exceeded');
      expect(error.kind).toBe('record');
      expect(error.details).toMatchObject({ limit: 'wallMs', max: 300, field: 'spin', key: 'k1' });
      expect(error.message).toMatch(/field "spin" of document k1: ran longer than 300 ms .*stopped and replaced/);
      expect(slow.replaced).toBe(1);
      const plain = isolateMapping(scheme({ ok: "'fine'" }), slow);
      expect(await plain.map({ K: 'k2' }, servicesWith({}).services)).toEqual({ no: 'k2', ok: 'fine' });
    } finally {
      await slow.close();
    }
  });

  it('stops a worker past its heap limit with a memory error for that document', async () => {
    const small = new MappingPool({ size: 1, maxOldGenerationSizeMb: 48 });
    try {
      // Each step keeps a fresh 900 kB string: far past 48 MB long before the step guard's second.
      const hungry = isolateMapping(scheme({ big: "$count([1..99999].$pad('', 900000))" }), small);
      const error = await catchError(hungry.map({ K: 'k1' }, servicesWith({}).services));
      expect(error.code).toMatch(/mapping\.(limit_exceeded|timeout)/);
      if (error.details.limit === 'maxOldGenerationSizeMb') {
        expect(error.message).toMatch(/field "big" of document k1: needed more than 48 MB/);
        expect(small.replaced).toBe(1);
      }
    } finally {
      await small.close();
    }
  });

  it('sends a mapping again when a worker has let it go (workers keep a few)', async () => {
    const one = new MappingPool({ size: 1 });
    try {
      const mappings = Array.from({ length: 40 }, (_, i) => isolateMapping(scheme({ n: String(i) }), one));
      const { services } = servicesWith({});
      for (const [i, mapping] of mappings.entries())
        expect(await mapping.map({ K: 'k' }, services)).toEqual({ no: 'k', n: i });
      expect(await mappings[0]!.map({ K: 'again' }, services)).toEqual({ no: 'again', n: 0 });
    } finally {
      await one.close();
    }
  });

  it('fails a document structured clone cannot copy, and only that one', async () => {
    const mapping = isolateMapping(scheme({}), pool);
    const error = await catchError(mapping.map({ K: 'k1', f: () => 1 }, servicesWith({}).services));
    expect(error.code).toBe('mapping.document_not_plain');
    expect(await mapping.map({ K: 'k2' }, servicesWith({}).services)).toEqual({ no: 'k2' });
  });
});
