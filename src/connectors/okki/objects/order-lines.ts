import type { DroppedLine, MergedLine, OkkiId, OkkiOrderLineInput, OrderLineReport } from '../okki.types.js';

export type { DroppedLine, MergedLine, OrderLineReport } from '../okki.types.js';


interface ReplyLine {
  uniqueId: string;
  key: string | null;
}

const idOf = (value: unknown): string | null => (value === undefined || value === null || value === '' || value === 0 || value === '0' ? null : String(value));

/**
 * Matches the lines sent in an order push with the lines OKKI returned.
 * Rows with a `unique_id` found in the reply match that line; other rows match, in order, the remaining
 * reply lines with the same product_id+sku_id. A row with nothing left to match is merged when a line with its
 * product+SKU exists, and dropped otherwise. Rows with `remove: 1` are not expected back.
 */
export function compareOrderLines(sent: readonly OkkiOrderLineInput[], reply: ReadonlyArray<Record<string, unknown>>): OrderLineReport {
  const replyLines: ReplyLine[] = [];
  for (const line of reply) {
    const uniqueId = idOf(line.unique_id);
    if (!uniqueId) continue;
    const product = idOf(line.product_id);
    const sku = idOf(line.sku_id);
    replyLines.push({ uniqueId, key: product && sku ? `${product}/${sku}` : null });
  }
  const byUniqueId = new Map(replyLines.map((line) => [line.uniqueId, line]));
  const claimed = new Set<string>();
  const lineIdByIndex: Array<string | null> = sent.map(() => null);
  const pendingByIndex: number[] = [];

  // Rows that name their line are matched first, so id-less rows cannot steal those lines.
  sent.forEach((row, index) => {
    if (Number(row.remove) === 1) return;
    const uniqueId = idOf(row.unique_id);
    if (uniqueId && byUniqueId.has(uniqueId)) {
      claimed.add(uniqueId);
      lineIdByIndex[index] = uniqueId;
    } else pendingByIndex.push(index);
  });

  const droppedLines: DroppedLine[] = [];
  const mergedLines: MergedLine[] = [];
  for (const index of pendingByIndex) {
    const row = sent[index]!;
    const product = idOf(row.product_id);
    const sku = idOf(row.sku_id);
    if (!product || !sku) {
      droppedLines.push({ index, product_id: product, sku_id: sku, reason: 'missing_ids' });
      continue;
    }
    const key = `${product}/${sku}`;
    const free = replyLines.find((line) => line.key === key && !claimed.has(line.uniqueId));
    if (free) {
      claimed.add(free.uniqueId);
      lineIdByIndex[index] = free.uniqueId;
      continue;
    }
    const into = replyLines.find((line) => line.key === key);
    if (into) mergedLines.push({ index, product_id: product, sku_id: sku, uniqueId: into.uniqueId });
    else droppedLines.push({ index, product_id: product, sku_id: sku, reason: 'not_in_reply' });
  }

  const lineIds: string[] = [];
  const merged = new Set(mergedLines.map((line) => line.index));
  lineIdByIndex.forEach((id, index) => {
    if (id !== null && !merged.has(index)) lineIds.push(id);
  });
  mergedLines.forEach((line) => (lineIdByIndex[line.index] = line.uniqueId));
  return {
    droppedLines,
    mergedLines,
    lineIds,
    lineIdByIndex,
    untouchedLineIds: replyLines.filter((line) => !claimed.has(line.uniqueId)).map((line) => line.uniqueId),
  };
}

/** Normalises an OKKI id (number or string) to a string, or null when absent/zero. */
export function okkiIdString(value: OkkiId | null | undefined): string | null {
  return idOf(value);
}
