import type { OkkiOrderLine } from '../okki.types.js';
import { isRecord, objectList } from './payload-fields.js';

/** The field of a mapped order line naming its source line (e.g. the Kingdee FSaleOrderEntry_FEntryID). */
export const LINE_KEY = '_key';

/**
 * What the ledger keeps of an OKKI order's lines, inside its target ids:
 * - `lines: { <_key>: unique_id }`: the lines of the source version last pushed;
 * - `removeLines: [unique_id…]`: every other line the order held after that push (one OKKI kept
 *   though it was not sent, a removal it did not apply).
 * Together they name every line the order may hold, so the next push addresses the first, removes
 * the second, and leaves the order with exactly the lines of the current source version.
 */
export interface OrderLineIds {
  lines: Record<string, string>;
  removeLines: string[];
}

/** A map keyed by source line keys, which are data: a key such as `__proto__` stays a key. */
function noPrototype(): Record<string, string> {
  return Object.create(null) as Record<string, string>;
}

/** The unique_id the ledger knows for a source line key, if any. */
export function knownLine(known: OrderLineIds | null, key: string): string | undefined {
  return known && Object.hasOwn(known.lines, key) ? known.lines[key] : undefined;
}

/** An OKKI id as text; null when absent, empty or zero. */
export function lineIdText(value: unknown): string | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null;
  const text = String(value).trim();
  return text === '' || text === '0' ? null : text;
}

/**
 * The line ids kept in `previousIds`, and whether they name every line the order may hold.
 * Not complete: an order was pushed (an `order_id` is kept) but its ids were written by a qiao
 * without `removeLines`, whose ids lost the lines a crash or a lost reply left in the order; the
 * caller reads the order back before pushing.
 */
export function lineIdsOf(previousIds: Record<string, unknown> | null): { known: OrderLineIds; complete: boolean } {
  const lines = noPrototype();
  const kept = previousIds?.lines;
  if (isRecord(kept))
    for (const [key, value] of Object.entries(kept)) {
      const id = lineIdText(value);
      if (id) lines[key] = id;
    }
  const remove = previousIds?.removeLines;
  const removeLines = Array.isArray(remove) ? remove.map(lineIdText).filter((id): id is string => id !== null) : [];
  const pushed = lineIdText(previousIds?.order_id) !== null;
  return { known: { lines, removeLines }, complete: !pushed || Array.isArray(remove) };
}

const productOf = (line: Record<string, unknown>): string => `${String(line.product_id)}/${String(line.sku_id)}`;

/**
 * After reading the order back from OKKI: which of its lines the current source lines take over,
 * and which go. A source line keeps the line the ledger knew for its key while the order still
 * holds it; a source line without one takes, in order, a remaining line of the same product+SKU
 * (a push whose reply was lost added it); every line left over is to be removed. Lines the ledger
 * knew but the order no longer holds are gone already and are forgotten. Lines without `_key`
 * cannot be followed across pushes: they take no line, and OKKI merges them by product+SKU.
 */
export function reconcileFoundLines(
  mapped: unknown,
  found: readonly OkkiOrderLine[],
  known: OrderLineIds,
): OrderLineIds {
  const rows = (objectList(mapped, 'order', 'product_list') ?? []).filter(
    (row) => row[LINE_KEY] !== undefined && row[LINE_KEY] !== null,
  );
  const held = new Map<string, OkkiOrderLine>();
  for (const line of found) {
    const id = lineIdText(line.unique_id);
    if (id) held.set(id, line);
  }
  const claimed = new Set<string>();
  const lines = noPrototype();
  const unpaired: typeof rows = [];
  for (const row of rows) {
    const key = String(row[LINE_KEY]);
    const id = knownLine(known, key);
    if (id !== undefined && held.has(id) && !claimed.has(id)) {
      claimed.add(id);
      lines[key] = id;
    } else unpaired.push(row);
  }
  for (const row of unpaired) {
    const free = [...held].find(([id, line]) => !claimed.has(id) && productOf(line) === productOf(row));
    if (!free) continue;
    claimed.add(free[0]);
    lines[String(row[LINE_KEY])] = free[0];
  }
  return { lines, removeLines: [...held.keys()].filter((id) => !claimed.has(id)) };
}
