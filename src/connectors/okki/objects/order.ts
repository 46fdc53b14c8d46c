import type { DroppedLine, OkkiOrderLineInput, OkkiOrderPushPayload, OrderKey } from '../okki.types.js';
import type { OkkiObject } from './okki-object.js';
import { lineIdMap, matchFoundLines, okkiIdString, prepareLines } from './order-lines.js';
import { idField, isRecord, oneKey, stripInternal, textField, type MappedPayload } from './payload-fields.js';

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

/** `lines: { <_key>: unique_id }` of the last push, when the ledger holds one. */
function previousLineIds(previousIds: Record<string, unknown> | null): Record<string, unknown> | null {
  const lines = previousIds?.lines;
  return isRecord(lines) ? lines : null;
}

function droppedWarning(dropped: DroppedLine): string {
  const why = dropped.reason === 'missing_ids' ? 'no product/SKU id' : 'product or SKU unknown to OKKI';
  return `OKKI ignored line ${dropped.index + 1} (product_id ${dropped.product_id ?? '-'}, sku_id ${dropped.sku_id ?? '-'}): ${why}`;
}

function keyOf(query: MappedPayload): OrderKey {
  const [name, value] = oneKey(query, 'order', ['order_id', 'order_no']);
  return name === 'order_id' ? { order_id: value } : { order_no: value };
}

/**
 * Sales orders with their lines. A re-push addresses the lines of the last one by unique_id and
 * removes the ones the source dropped; lines OKKI silently ignored come back as warnings.
 */
export const okkiOrder: OkkiObject = {
  read: (client, params) => client.listOrders(params),

  async write(client, payload, context) {
    const { lines, keys } = prepareLines(payload.product_list, previousLineIds(context.previousIds));
    const body = toPushPayload(payload, lines);
    const previousId = okkiIdString(idField(context.previousIds?.order_id, 'previous ids', 'order_id'));
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
    return {
      reply,
      ids: { order_id: result.orderId, lines: lineIdMap(keys, result.lineIdByIndex) },
      warnings: result.droppedLines.map(droppedWarning),
    };
  },

  async findWritten(client, payload) {
    const order = await client.findPushedOrder(toPushPayload(payload, []));
    if (!order) return null;
    return {
      reply: order,
      ids: { order_id: String(order.order_id), lines: matchFoundLines(payload.product_list, order.product_list ?? []) },
      warnings: [],
    };
  },

  async lookup(client, query, field) {
    const order = await client.getOrder(keyOf(query));
    return order ? order[field] : null;
  },
};
