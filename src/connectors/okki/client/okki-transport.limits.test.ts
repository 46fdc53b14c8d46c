import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sinkLogger } from '../../../core/logger.js';
import { okkiConnectionSchema } from '../okki.config.js';
import { OkkiTransport } from './okki-transport.js';

/** A fake OKKI on 127.0.0.1:0: tokens always succeed, business paths answer with fixed raw bodies. */
const envelope = (data: unknown) => JSON.stringify({ code: 200, message: 'success', now: '2026-01-01 00:00:00', data });
const latin1 = Buffer.concat([
  Buffer.from('{"code":200,"message":"success","data":{"name":"caf'),
  Buffer.from([0xe9]),
  Buffer.from('"}}'),
]);
const bodies: Record<string, string | Buffer> = {
  '/v1/oauth2/access_token': JSON.stringify({ access_token: 'tok', expires_in: 28_800 }),
  '/v1/company/list': envelope(Array.from({ length: 2_000 }, (_, i) => ({ company_id: i, name: 'x'.repeat(50) }))),
  '/v1/invoices/order/push': envelope({ order_id: 1, filler: 'y'.repeat(100_000) }),
  '/v1/company/info': latin1,
  '/v1/invoices/order/edit': latin1,
};

let server: Server;
let baseUrl = '';
beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    res.end(bodies[new URL(req.url!, 'http://x').pathname] ?? envelope(null));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

function transport(maxReplyBytes?: number) {
  const warnings: Array<{ obj: object; msg?: string }> = [];
  const logger = sinkLogger((level, obj, msg) => level === 'warn' && warnings.push({ obj, msg }));
  const config = okkiConnectionSchema.parse({
    type: 'okki',
    baseUrl,
    clientId: 'cid',
    clientSecret: 'secret',
    maxReplyBytes,
  });
  return { t: new OkkiTransport(config, { logger, connection: 'crm' }), warnings };
}

describe('OkkiTransport reply limits (fake server on port 0)', () => {
  it('stops a read whose reply exceeds maxReplyBytes with a config error naming the connection, the cap and the setting', async () => {
    const error = await transport(16 * 1024)
      .t.request({ method: 'GET', path: '/v1/company/list' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'config',
      code: 'okki.reply_too_large',
      details: { connection: 'crm', maxReplyBytes: 16_384, setting: 'maxReplyBytes' },
    });
    expect((error as Error).message).toMatch(
      /connection "crm" is larger than its maxReplyBytes \(16384 bytes.*Raise maxReplyBytes of this connection in qiao\.yaml/,
    );
  });

  it('treats a push whose reply is cut off as outcome_unknown (it may have been saved)', async () => {
    const error = await transport(16 * 1024)
      .t.request({ method: 'POST', path: '/v1/invoices/order/push', body: {}, write: true })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'outcome_unknown', code: 'okki.reply_too_large' });
  });

  it('reads the same replies under the default cap', async () => {
    const { t } = transport();
    expect(await t.request<unknown[]>({ method: 'GET', path: '/v1/company/list' })).toHaveLength(2_000);
    expect(await t.request({ method: 'POST', path: '/v1/invoices/order/push', body: {}, write: true })).toMatchObject({
      order_id: 1,
    });
  });

  it('fails a lookup whose reply is not valid UTF-8 with a record error instead of replacing the bytes silently', async () => {
    const error = await transport()
      .t.request({ method: 'GET', path: '/v1/company/info' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({
      kind: 'record',
      code: 'okki.invalid_utf8',
      details: { byteOffset: 51, connection: 'crm' },
    });
  });

  it('keeps a push that landed but logs that its reply was not valid UTF-8', async () => {
    const { t, warnings } = transport();
    expect(await t.request({ method: 'POST', path: '/v1/invoices/order/edit', body: {}, write: true })).toEqual({
      name: 'caf\uFFFD',
    });
    expect(warnings).toEqual([
      {
        obj: expect.objectContaining({ operation: 'POST /v1/invoices/order/edit', connection: 'crm', byteOffset: 51 }),
        msg: expect.stringContaining('not valid UTF-8'),
      },
    ]);
  });
});
