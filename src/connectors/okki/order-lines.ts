import type { OkkiId, OkkiOrderLineInput } from './okki.types.js';

/** A sent line OKKI did not keep (it silently ignores rows whose product_id/sku_id it does not know). */
export interface DroppedLine {
  /** Position in the `product_list` that was sent. */
  index: number;
  product_id: string | null;
  sku_id: string | null;
  /** `missing_ids`: the row had no product_id or sku_id; `not_in_reply`: OKKI left it out (unknown product/SKU or unknown unique_id). */
  reason: 'missing_ids' | 'not_in_reply';
}

/** A sent id-less line OKKI folded into another line of the same product+SKU (it dedupes those on edit). */
export interface MergedLine {
  index: number;
  product_id: string;
  sku_id: string;
  /** The line it was folded into. */
  uniqueId: string;
}

/** What happened to each sent line, derived from the push reply. */
export interface OrderLineReport {
  droppedLines: DroppedLine[];
  mergedLines: MergedLine[];
  /** unique_id of every kept line, in sent order (dropped, merged and removal rows excluded). */
  lineIds: string[];
  /** unique_id per sent row, same length as the sent `product_list` (a merged row has the id of the line it was folded into); null for dropped and removal rows. */
  lineIdByIndex: Array<string | null>;
  /** Lines in the reply that no sent row accounts for (existing lines the push left alone). */
  untouchedLineIds: string[];
}

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
