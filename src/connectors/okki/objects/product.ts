import type { OkkiProductPushPayload, ProductKey } from '../okki.types.js';
import { okkiIdString } from './order-lines.js';
import type { OkkiObject } from './okki-object.js';
import { codeField, idField, oneKey, stripInternal, textField, type MappedPayload } from './payload-fields.js';

/** The mapped product as the client's push body; a value OKKI cannot take fails the record. */
function toPushPayload(payload: MappedPayload): OkkiProductPushPayload {
  const { product_id, product_no, product_type, ...rest } = stripInternal(payload);
  return {
    ...rest,
    product_id: idField(product_id, 'product', 'product_id'),
    product_no: textField(product_no, 'product', 'product_no'),
    product_type: codeField(product_type, [1, 2, 3] as const, 'product', 'product_type'),
  };
}

function keyOf(query: MappedPayload): ProductKey {
  const [name, value] = oneKey(query, 'product', ['product_id', 'product_no']);
  return name === 'product_id' ? { product_id: value } : { product_no: value };
}

/** Products with their SKUs, kept one per product_no: a push edits the product with that number. */
export const okkiProduct: OkkiObject = {
  read: (client, params) => client.listProducts(params),

  async write(client, payload, context) {
    const body = toPushPayload(payload);
    const previousId = okkiIdString(idField(context.previousIds?.product_id, 'previous ids', 'product_id'));
    if (previousId) body.product_id = previousId;
    const result = await client.pushProduct(body, { matchBy: 'product_no' });
    return {
      reply: result.reply,
      ids: { product_id: result.productId, sku_id: result.skuItems[0]?.skuId ?? null },
      warnings: [],
    };
  },

  async findWritten(client, payload) {
    const { product_no } = toPushPayload(payload);
    const product = product_no ? await client.getProduct({ product_no }) : null;
    return product
      ? {
          reply: product,
          ids: { product_id: String(product.product_id), sku_id: okkiIdString(product.sku_items?.[0]?.sku_id) },
          warnings: [],
        }
      : null;
  },

  /** `sku_id` answers the id of the product's first SKU (single-spec products have exactly one). */
  async lookup(client, query, field) {
    const product = await client.getProduct(keyOf(query));
    if (!product) return null;
    return field === 'sku_id' ? okkiIdString(product.sku_items?.[0]?.sku_id) : product[field];
  },
};
