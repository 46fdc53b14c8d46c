import { describe, expect, it } from 'vitest';
import { schemeSchema } from '../scheme.schema.js';
import { compileTargetIds } from './target-ids.js';

function scheme(ids?: Record<string, string>) {
  return schemeSchema.parse({
    version: 1,
    id: 's',
    name: 's',
    source: { connection: 'k', api: 'q', key: 'FBillNo' },
    mapping: { document: { order_no: 'FBillNo' } },
    target: { connection: 'okki', api: 'orders.push', key: 'order_no', ids },
  });
}

describe('compileTargetIds', () => {
  it('extracts ids from the reply and leaves absent ones out', async () => {
    const ids = compileTargetIds(
      scheme({
        order_id: 'data.order_id',
        lines: 'data.product_list{ $string(unique_id): product_id }',
        missing: 'data.nope',
      }),
    );
    const reply = {
      code: 200,
      data: {
        order_id: 9001,
        product_list: [
          { unique_id: 11, product_id: 501 },
          { unique_id: 12, product_id: 502 },
        ],
      },
    };
    expect(ids.active).toBe(true);
    expect(await ids.extract(reply)).toEqual({ order_id: 9001, lines: { '11': 501, '12': 502 } });
  });

  it('is inactive without target.ids', async () => {
    const ids = compileTargetIds(scheme());
    expect(ids.active).toBe(false);
    expect(await ids.extract({ data: {} })).toEqual({});
  });

  it('names the id whose expression failed', async () => {
    await expect(
      compileTargetIds(scheme({ order_id: "data.order_id + 'x'" })).extract({ data: { order_id: 1 } }),
    ).rejects.toMatchObject({
      code: 'mapping.target_ids_failed',
      message: expect.stringMatching(/^target.ids.order_id: /),
    });
  });
});
