import type { OperatorLedger } from '../../ledger/ledger.js';

/** How many dead records a documents_dead message names. */
const EXAMPLES = 3;
const MESSAGE_CHARS = 200;

/**
 * Markdown lines naming the newest dead records and why they died (e.g. an order that waited out
 * its parkedLimit for a customer that never reached the target), so the message says where to look.
 */
export async function deadExamples(ledger: OperatorLedger, schemeId: string): Promise<string[]> {
  const { records } = await ledger.listRecords({ schemeId, status: 'dead', limit: EXAMPLES });
  return records.map((r) => {
    const why = r.lastError
      ? ` \`${r.lastError.code}\` ${r.lastError.message.length > MESSAGE_CHARS ? `${r.lastError.message.slice(0, MESSAGE_CHARS - 1)}…` : r.lastError.message}`
      : '';
    return `- 例 Example \`${r.key}\`:${why}`;
  });
}
