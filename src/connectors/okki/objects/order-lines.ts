import type { DroppedLine, MergedLine, OkkiId, OkkiOrderLineInput, OrderLineReport } from '../okki.types.js';
import { knownLine, LINE_KEY, type OrderLineIds } from './order-line-ids.js';
import { amountField, codeField, idField, objectList, stripInternal, type MappedPayload } from './payload-fields.js';

export type { DroppedLine, MergedLine, OrderLineReport } from '../okki.types.js';

/**
 * Order lines across pushes. Mapped lines carry `_key` (the source line id, e.g. the Kingdee
 * FSaleOrderEntry_FEntryID); OKKI knows lines by `unique_id`. The ledger keeps the ids of every line
 * the order may hold (order-line-ids.ts) so a re-push edits the same lines, and every other line is
 * sent as `{ unique_id, remove: 1 }` (omission alone does not delete in OKKI).
 * After the push, `compareOrderLines` tells which sent lines OKKI kept, merged or silently dropped.
 */
const idOf = (value: unknown): string | null =>
  value === undefined || value === null || value === '' || value === 0 || value === '0' ? null : String(value);

/** A mapped line as the client's input type; a value OKKI cannot take fails the record. */
function toLineInput(row: MappedPayload, index: number): OkkiOrderLineInput {
  const where = `order line ${index + 1}`;
  const { product_id, sku_id, count, unit_price, cost_amount, other_cost, unique_id, remove, ...rest } =
    stripInternal(row);
  return {
    ...rest,
    product_id: idField(product_id, where, 'product_id'),
    sku_id: idField(sku_id, where, 'sku_id'),
    count: amountField(count, where, 'count'),
    unit_price: amountField(unit_price, where, 'unit_price'),
    cost_amount: amountField(cost_amount, where, 'cost_amount'),
    other_cost: amountField(other_cost, where, 'other_cost'),
    unique_id: idField(unique_id, where, 'unique_id'),
    remove: codeField(remove, [0, 1] as const, where, 'remove'),
  };
}

export interface PreparedLines {
  /** The product_list to send. */
  lines: OkkiOrderLineInput[];
  /** Source line key per sent row (null for removal rows and key-less lines). */
  keys: Array<string | null>;
}

/**
 * Builds the product_list of an edit: unique_ids for known lines, and removal rows for every other
 * line the order may hold (lines the source dropped, lines left by an earlier push). Removals go
 * first, so a new id-less line of a product whose old line is removed in the same push becomes a
 * line of its own instead of merging into the line being removed.
 */
export function prepareLines(mapped: unknown, known: OrderLineIds | null): PreparedLines {
  const rows = objectList(mapped, 'order', 'product_list') ?? [];
  const lines: OkkiOrderLineInput[] = [];
  const keys: Array<string | null> = [];
  const addressed = new Set<string>();
  rows.forEach((row, index) => {
    const key = row[LINE_KEY] === undefined || row[LINE_KEY] === null ? null : String(row[LINE_KEY]);
    const line = toLineInput(row, index);
    const uniqueId = key === null ? undefined : knownLine(known, key);
    if (uniqueId !== undefined && !addressed.has(uniqueId)) {
      line.unique_id = uniqueId;
      addressed.add(uniqueId);
    }
    lines.push(line);
    keys.push(key);
  });
  const removals = new Set([...Object.values(known?.lines ?? {}), ...(known?.removeLines ?? [])]);
  for (const id of addressed) removals.delete(id);
  const removalRows: OkkiOrderLineInput[] = [...removals].map((id) => ({ unique_id: id, remove: 1 }));
  return { lines: [...removalRows, ...lines], keys: [...removalRows.map(() => null), ...keys] };
}

/** `{ <_key>: unique_id }` from the sent keys and the per-row ids OKKI returned. */
export function lineIdMap(keys: Array<string | null>, lineIdByIndex: Array<string | null>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>; // source keys are data, `__proto__` included
  keys.forEach((key, i) => {
    const id = lineIdByIndex[i];
    if (key !== null && id) out[key] = id;
  });
  return out;
}

interface ReplyLine {
  uniqueId: string;
  key: string | null;
}

/**
 * Matches the lines sent in an order push with the lines OKKI returned.
 * Rows with a `unique_id` found in the reply match that line; other rows match, in order, the remaining
 * reply lines with the same product_id+sku_id. A row with nothing left to match is merged when a line with its
 * product+SKU exists, and dropped otherwise. Rows with `remove: 1` are not expected back.
 */
export function compareOrderLines(
  sent: readonly OkkiOrderLineInput[],
  reply: ReadonlyArray<Record<string, unknown>>,
): OrderLineReport {
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
