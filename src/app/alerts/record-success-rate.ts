import type { OperatorLedger } from '../../ledger/ledger.js';

/** Outcomes of the records of one scheme last updated in a time window. */
export interface RecordSuccessRate {
  succeeded: number;
  failed: number;
  dead: number;
  /** succeeded / (succeeded + failed + dead); null when no record ended in the window. */
  rate: number | null;
}

/**
 * Success rate of a scheme by the records' current status, counting records updated since
 * `since` (a record that failed and later succeeded counts once, as succeeded). Used by the
 * dashboard's success rate and by the `success_rate_below` alert, so both agree.
 */
export async function recordSuccessRate(
  ledger: OperatorLedger,
  schemeId: string,
  since: Date,
  until?: Date,
): Promise<RecordSuccessRate> {
  const count = async (status: 'succeeded' | 'failed' | 'dead'): Promise<number> =>
    (
      await ledger.listRecords({
        schemeId,
        status,
        updatedFrom: since.toISOString(),
        ...(until ? { updatedTo: until.toISOString() } : {}),
        limit: 1,
      })
    ).total;
  const [succeeded, failed, dead] = await Promise.all([count('succeeded'), count('failed'), count('dead')]);
  const total = succeeded + failed + dead;
  return { succeeded, failed, dead, rate: total === 0 ? null : succeeded / total };
}
