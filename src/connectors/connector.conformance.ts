import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IntegrationError } from '../core/errors.js';
import type { ApiCallEvent, Connector, ConnectorDeps, WriteContext, WriteResult } from './connector.js';

/**
 * What a connector does not do, said out loud. Each flag that is false turns its behaviour's test
 * into a check that the gap is still there, so a connector that learns the behaviour fails until the
 * flag is flipped, and a gap is never hidden by a skipped test.
 */
export interface ConnectorCapabilities {
  /** Reads come in pages, one vendor call each, reported through `deps.onCall`. False for a connector with no vendor behind it. */
  pagedReads: boolean;
  /** `findWritten` finds a document a write created. False: it always answers null, and the repeat must be safe on its own. */
  findsWritten: boolean;
  /** A write given the last write's ids as `previousIds` edits that same object. False: the payload alone decides which object a write lands on. */
  updatesByPreviousIds: boolean;
}

/** What a connector's test hands the suite: a running service to connect to, and what to read and write there. */
export interface ConnectorFixture {
  /** A new connector to the running service; it must report its vendor calls to `deps.onCall`. */
  connect(deps: ConnectorDeps): Connector;
  /** A new connector to the same service with credentials the service refuses. */
  connectWithBadCredentials(): Connector;
  /** A source operation and params that read at least three rows; with `pagedReads`, in pages of one row. */
  read: { operation: string; params: Record<string, unknown> };
  write: {
    operation: string;
    /** The scheme's `target.params` (e.g. Kingdee FormId). */
    params: Record<string, unknown>;
    /** The entry of `WriteResult.ids` naming the written object (order_id, FID, id). */
    idField: string;
    /** A mapped document for `key`; a higher revision changes its content, as an edit in the source would. */
    payload(key: string, revision: number): Record<string, unknown>;
  };
  capabilities: ConnectorCapabilities;
  /** Stops what the factory started. */
  close(): Promise<void>;
}

export type ConnectorFactory = () => Promise<ConnectorFixture>;

async function collect(rows: AsyncIterable<Record<string, unknown>>): Promise<Array<Record<string, unknown>>> {
  const out: Array<Record<string, unknown>> = [];
  for await (const row of rows) out.push(row);
  return out;
}

async function failureOf(action: () => Promise<unknown>): Promise<unknown> {
  try {
    await action();
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

/**
 * The one behavioural suite every Connector passes: only what `Connector` (connector.ts) promises.
 * `factory` runs once for the suite, starting whatever the connector needs (a simulator on port 0).
 */
export function describeConnector(name: string, factory: ConnectorFactory): void {
  describe(`Connector conformance: ${name}`, () => {
    let fixture: ConnectorFixture;
    let connector: Connector;
    let calls: ApiCallEvent[];
    let sequence = 0;
    const nextKey = () => `CONF-${Date.now().toString(36).toUpperCase()}-${++sequence}`;
    const context = (key: string, previousIds: Record<string, unknown> | null = null): WriteContext => ({
      key,
      previousIds,
      params: fixture.write.params,
    });
    const write = (
      key: string,
      revision: number,
      previousIds: Record<string, unknown> | null = null,
    ): Promise<WriteResult> =>
      connector.write(fixture.write.operation, fixture.write.payload(key, revision), context(key, previousIds));
    const idOf = (result: WriteResult | null): unknown => result?.ids[fixture.write.idField];

    beforeAll(async () => {
      fixture = await factory();
      connector = fixture.connect({ onCall: (event) => calls.push(event) });
    });
    beforeEach(() => {
      calls = [];
    });
    afterAll(async () => {
      await connector?.close();
      await fixture?.close();
    });

    it('declares its type and the read and write operations it offers', () => {
      expect(connector.name).toEqual(expect.any(String));
      expect(connector.type).toMatch(/\S/);
      expect(connector.readOperations).toContain(fixture.read.operation);
      expect(connector.writeOperations).toContain(fixture.write.operation);
    });

    it('check() passes with good credentials', async () => {
      await expect(connector.check()).resolves.toBeUndefined();
    });

    it('check() throws a config-kind IntegrationError with bad credentials', async () => {
      const refused = fixture.connectWithBadCredentials();
      try {
        const error = await failureOf(() => refused.check());
        expect(error).toBeInstanceOf(IntegrationError);
        expect(error).toMatchObject({ kind: 'config' });
      } finally {
        await refused.close();
      }
    });

    it('read of an unknown operation throws a config-kind error naming the valid ones', async () => {
      const error = await failureOf(() => collect(connector.read('no.such.operation', fixture.read.params)));
      expect(error).toBeInstanceOf(IntegrationError);
      expect(error).toMatchObject({ kind: 'config' });
      for (const operation of connector.readOperations) expect((error as Error).message).toContain(operation);
    });

    it('read streams the source rows one object at a time', async () => {
      const rows = await collect(connector.read(fixture.read.operation, fixture.read.params));
      expect(rows.length).toBeGreaterThanOrEqual(3);
      for (const row of rows) {
        expect(row).toBeTypeOf('object');
        expect(Array.isArray(row)).toBe(false);
        expect(Object.keys(row).length).toBeGreaterThan(0);
      }
    });

    it('read stops asking the source when the consumer breaks, and the connector reads on afterwards', async () => {
      const all = await collect(connector.read(fixture.read.operation, fixture.read.params));
      const callsForAll = calls.length;
      calls = [];
      const firstRows: Array<Record<string, unknown>> = [];
      for await (const row of connector.read(fixture.read.operation, fixture.read.params)) {
        firstRows.push(row);
        break;
      }
      const callsForFirst = calls.length;
      expect(firstRows).toEqual(all.slice(0, 1));
      if (fixture.capabilities.pagedReads) {
        expect(callsForAll).toBeGreaterThanOrEqual(3);
        expect(callsForFirst).toBeLessThan(callsForAll);
      } else {
        // Declared: no vendor calls to stop. Flip pagedReads when this connector starts paging.
        expect([callsForAll, callsForFirst]).toEqual([0, 0]);
      }
      expect(await collect(connector.read(fixture.read.operation, fixture.read.params))).toEqual(all);
    });

    it('write returns the ids of the object it wrote, a different object for a different key', async () => {
      const first = await write(nextKey(), 1);
      const other = await write(nextKey(), 1);
      expect(idOf(first)).toBeTruthy();
      expect(idOf(other)).toBeTruthy();
      expect(String(idOf(other))).not.toBe(String(idOf(first)));
      expect(Array.isArray(first.warnings)).toBe(true);
    });

    it('writing the same key again with previousIds edits the same object', async () => {
      const key = nextKey();
      const first = await write(key, 1);
      const again = await write(key, 2, first.ids).catch((error: unknown) => error);
      if (fixture.capabilities.updatesByPreviousIds) {
        expect(again).not.toBeInstanceOf(Error);
        expect(String(idOf(again as WriteResult))).toBe(String(idOf(first)));
      } else {
        // Declared gap: the repeat is refused or lands elsewhere. Flip updatesByPreviousIds when it edits the first object.
        if (again instanceof Error) expect(again).toBeInstanceOf(IntegrationError);
        else expect(String(idOf(again as WriteResult))).not.toBe(String(idOf(first)));
      }
    });

    it('findWritten answers null for a document never written', async () => {
      const key = nextKey();
      expect(
        await connector.findWritten(fixture.write.operation, fixture.write.payload(key, 1), context(key)),
      ).toBeNull();
    });

    it('findWritten finds a written document by what identifies it', async () => {
      const key = nextKey();
      const written = await write(key, 1);
      const found = await connector.findWritten(fixture.write.operation, fixture.write.payload(key, 1), context(key));
      if (fixture.capabilities.findsWritten) expect(String(idOf(found))).toBe(String(idOf(written)));
      // Declared gap: the connector cannot tell. Flip findsWritten when it can.
      else expect(found).toBeNull();
    });

    it('write with an unknown operation throws a config-kind error naming the valid ones', async () => {
      const key = nextKey();
      const error = await failureOf(() =>
        connector.write('no.such.operation', fixture.write.payload(key, 1), context(key)),
      );
      expect(error).toBeInstanceOf(IntegrationError);
      expect(error).toMatchObject({ kind: 'config' });
      for (const operation of connector.writeOperations) expect((error as Error).message).toContain(operation);
    });

    it('close() may be called twice', async () => {
      const own = fixture.connect({});
      await own.check();
      await expect(own.close()).resolves.toBeUndefined();
      await expect(own.close()).resolves.toBeUndefined();
    });
  });
}
