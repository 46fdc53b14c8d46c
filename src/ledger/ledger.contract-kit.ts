/** Shared pieces of the ledger contract suite: fixtures, a test clock and document builders. */
import type { SerializedError } from '../core/errors.js';
import type { IngestDocument, Ledger } from './ledger.js';
import { contentHash } from './stable-hash.js';
/** What a store implementation hands the shared contract suite for one test. */
export interface LedgerFixture {
  /** A migrated, empty store using the given clock. */
  store: Ledger;
  /** Opens another store on the same database (a second connection or pool), migrated. */
  openAnother(): Promise<Ledger>;
  /** Closes everything the fixture opened and removes its data (files, schemas). */
  dispose(): Promise<void>;
}

export type LedgerFactory = (options: { clock: () => Date }) => Promise<LedgerFixture>;

/** A clock the tests move by hand. */
export class TestClock {
  private ms: number;
  constructor(start = '2026-03-01T08:00:00.000Z') {
    this.ms = Date.parse(start);
  }
  readonly now = (): Date => new Date(this.ms);
  iso(offsetMs = 0): string {
    return new Date(this.ms + offsetMs).toISOString();
  }
  advance(ms: number): void {
    this.ms += ms;
  }
}

/** Per-test context shared by the contract sections. */
export interface ContractContext {
  store: Ledger;
  clock: TestClock;
  fixture: LedgerFixture;
}

export function doc(key: string, payload: unknown, extra: Partial<IngestDocument> = {}): IngestDocument {
  return {
    key,
    source: { key, payload },
    sourceVersion: null,
    payload,
    payloadHash: payload === null ? null : contentHash(payload),
    ...extra,
  };
}

export function failure(
  kind: SerializedError['kind'],
  code = `test.${kind}`,
  message = `${kind} happened`,
): SerializedError {
  return { name: 'IntegrationError', code, kind, message };
}
