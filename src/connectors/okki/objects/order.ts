import type { WriteResult } from '../../connector.js';
import type { OkkiClient } from '../client/okki-client.js';
import type { DroppedLine, OkkiOrderLineInput, OkkiOrderPushPayload, OrderKey } from '../okki.types.js';
import type { OkkiObject } from './okki-object.js';
import { lineIdsOf, reconcileFoundLines } from './order-line-ids.js';
import { lineIdMap, okkiIdString, prepareLines } from './order-lines.js';
import { idField, oneKey, stripInternal, textField, type MappedPayload } from './payload-fields.js';

/** The mapped order as the client's push body, with `lines` as its product_list; a value OKKI cannot take fails the record. */
function toPushPayload(payload: MappedPayload, lines: OkkiOrderLineInput[]): OkkiOrderPushPayload {
  const { order_id, order_no, currency, product_list: _mappedLines, ...rest } = stripInternal(payload);
  return {
    ...rest,
    order_id: idField(order_id, 'order', 'order_id'),
    order_no: textField(order_no, 'order', 'order_no'),
    currency: textField(currency, 'order', 'currency'),
    product_list: lines,
  };
}

function droppedWarning(dropped: DroppedLine): string {
  const why = dropped.reason === 'missing_ids' ? 'no product/SKU id' : 'product or SKU unknown to OKKI';
  return `OKKI ignored line ${dropped.index + 1} (product_id ${dropped.product_id ?? '-'}, sku_id ${dropped.sku_id ?? '-'}): ${why}`;
}

function strayWarning(ids: readonly string[]): string {
  return `The OKKI order holds ${ids.length} line(s) that are not in the source (unique_id ${ids.join(', ')}); the next write removes them`;
}

/**
 * Reads the order back from OKKI (by the payload's order_id or order_no, else the order_id the
 * ledger kept) and decides, for its lines, which the current source lines take over and which go.
 * Null when the order is not in OKKI.
 */
async function readBack(
  client: OkkiClient,
  payload: MappedPayload,
  previousIds: Record<string, unknown> | null,
): Promise<WriteResult | null> {
  const query = toPushPayload(payload, []);
  const keptId = okkiIdString(idField(previousIds?.order_id, 'previous ids', 'order_id'));
  if (!okkiIdString(query.order_id) && !query.order_no?.trim() && keptId) query.order_id = keptId;
  const order = await client.findPushedOrder(query);
  if (!order) return null;
  const lines = reconcileFoundLines(payload.product_list, order.product_list ?? [], lineIdsOf(previousIds).known);
  return { reply: order, ids: { order_id: String(order.order_id), ...lines }, warnings: [] };
}

function keyOf(query: MappedPayload): OrderKey {
  const [name, value] = oneKey(query, 'order', ['order_id', 'order_no']);
  return name === 'order_id' ? { order_id: value } : { order_no: value };
}

/**
 * Sales orders with their lines. A push sends exactly the lines of the source version: lines the
 * ledger knows by unique_id, and a removal for every other line the order may hold (order-line-ids.ts).
 * When the ledger cannot be sure of those (`findWritten` after an unknown outcome, ids kept by an
 * older qiao), the order is read back first. Lines OKKI silently ignored come back as warnings.
 */
export const okkiOrder: OkkiObject = {
  read: (client, params) => client.listOrders(params),

  async write(client, payload, context) {
    let previousIds = context.previousIds;
    if (!lineIdsOf(previousIds).complete) {
      // Line ids kept by a qiao before issue 9 may miss lines a crash or a lost reply left behind.
      const found = await readBack(client, payload, previousIds);
      if (found) previousIds = { ...previousIds, ...found.ids };
    }
    const { lines, keys } = prepareLines(payload.product_list, lineIdsOf(previousIds).known);
    const body = toPushPayload(payload, lines);
    const previousId = okkiIdString(idField(previousIds?.order_id, 'previous ids', 'order_id'));
    if (previousId) body.order_id = previousId;
    const result = await client.pushOrder(body);
    // OKKI echoes the whole order (about five times the request); the ledger keeps what identifies it.
    const reply = {
      order_id: result.orderId,
      product_list: (result.reply.product_list ?? []).map((l) => ({
        unique_id: l.unique_id,
        product_id: l.product_id,
        sku_id: l.sku_id,
        product_no: l.product_no,
        count: l.count,
        unit_price: l.unit_price,
        cost_amount: l.cost_amount,
      })),
      dropped_lines: result.droppedLines,
      merged_lines: result.mergedLines,
    };
    // Lines the order holds that no sent row took (kept, or a removal OKKI did not apply) stay
    // known to the ledger until a later reply no longer lists them.
    const stray = result.untouchedLineIds;
    return {
      reply,
      ids: { order_id: result.orderId, lines: lineIdMap(keys, result.lineIdByIndex), removeLines: stray },
      warnings: [...result.droppedLines.map(droppedWarning), ...(stray.length > 0 ? [strayWarning(stray)] : [])],
    };
  },

  findWritten: (client, payload, context) => readBack(client, payload, context.previousIds),

  async lookup(client, query, field) {
    const order = await client.getOrder(keyOf(query));
    return order ? order[field] : null;
  },
};
