import type { OkkiReceiptPushPayload } from '../okki.types.js';
import { okkiIdString } from './order-lines.js';
import type { OkkiObject } from './okki-object.js';
import { amountField, idField, stripInternal, textField, type MappedPayload } from './payload-fields.js';

/** The mapped receipt as the client's push body; a value OKKI cannot take fails the record. */
function toPushPayload(payload: MappedPayload): OkkiReceiptPushPayload {
  const { cash_collection_id, cash_collection_no, order_id, amount, currency, ...rest } = stripInternal(payload);
  return {
    ...rest,
    cash_collection_id: idField(cash_collection_id, 'receipt', 'cash_collection_id'),
    cash_collection_no: textField(cash_collection_no, 'receipt', 'cash_collection_no'),
    order_id: idField(order_id, 'receipt', 'order_id'),
    amount: amountField(amount, 'receipt', 'amount'),
    currency: textField(currency, 'receipt', 'currency'),
  };
}

/** 回款单 (cash collections), kept one per cash_collection_no. */
export const okkiReceipt: OkkiObject = {
  read: (client, params) => client.listReceipts(params),

  async write(client, payload, context) {
    const body = toPushPayload(payload);
    const previousId = okkiIdString(
      idField(context.previousIds?.cash_collection_id, 'previous ids', 'cash_collection_id'),
    );
    if (previousId) body.cash_collection_id = previousId;
    const result = await client.pushReceipt(body);
    return {
      reply: result.reply,
      ids: { cash_collection_id: result.cashCollectionId, cash_collection_no: result.cashCollectionNo },
      warnings: [],
    };
  },

  async findWritten(client, payload) {
    const { cash_collection_no } = toPushPayload(payload);
    const receipt = cash_collection_no ? await client.getReceipt({ cash_collection_no }) : null;
    return receipt
      ? { reply: receipt, ids: { cash_collection_id: String(receipt.cash_collection_id) }, warnings: [] }
      : null;
  },
};
