import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { firstInvalidUtf8, readCappedBody } from './read-capped-body.js';

/** A real HTTP server on 127.0.0.1:0 whose replies are picked by path. */
let server: Server;
let base = '';
let endlessStopped = false;
beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/small') return res.end(JSON.stringify({ ok: '你好' }));
    if (req.url === '/bom') return res.end(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('[1]')]));
    if (req.url === '/latin1')
      return res.end(Buffer.concat([Buffer.from('["ab'), Buffer.from([0xe9]), Buffer.from('"]')]));
    if (req.url === '/announced') {
      res.writeHead(200, { 'content-length': String(10_000_000) });
      return res.end();
    }
    // Chunked, no Content-Length, and it never ends on its own: only the cap can stop the read.
    res.writeHead(200, { 'content-type': 'application/json' });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const timer = setInterval(() => res.write(chunk), 1);
    res.on('close', () => {
      clearInterval(timer);
      endlessStopped = true;
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('readCappedBody', () => {
  it('reads a body under the cap as UTF-8 and drops a leading BOM', async () => {
    expect(await readCappedBody(await fetch(`${base}/small`), 1024)).toEqual({
      ok: true,
      text: '{"ok":"你好"}',
      bytes: Buffer.byteLength('{"ok":"你好"}'),
      invalidUtf8At: null,
    });
    expect(await readCappedBody(await fetch(`${base}/bom`), 1024)).toMatchObject({
      ok: true,
      text: '[1]',
      invalidUtf8At: null,
    });
  });

  it('stops an endless body at the cap and closes the connection', async () => {
    const body = await readCappedBody(await fetch(`${base}/endless`), 1_000_000);
    expect(body.ok).toBe(false);
    expect(body.ok === false && body.bytesRead).toBeGreaterThan(1_000_000);
    await expect.poll(() => endlessStopped).toBe(true);
  });

  it('refuses an announced Content-Length above the cap without reading it', async () => {
    expect(await readCappedBody(await fetch(`${base}/announced`), 1024)).toEqual({ ok: false, bytesRead: 10_000_000 });
  });

  it('reports where invalid UTF-8 starts instead of replacing it silently', async () => {
    const body = await readCappedBody(await fetch(`${base}/latin1`), 1024);
    expect(body).toEqual({ ok: true, text: '["ab\uFFFD"]', bytes: 7, invalidUtf8At: 4 });
  });
});

describe('firstInvalidUtf8', () => {
  it.each([
    ['overlong', [0x41, 0xc0, 0xaf], 1],
    ['lone continuation', [0x80], 0],
    ['truncated', [0x41, 0x42, 0xe4, 0xbd], 2],
    ['surrogate', [0xed, 0xa0, 0x80], 0],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
  ])('finds %s sequences', (_name, bytes, at) => {
    expect(firstInvalidUtf8(Uint8Array.from(bytes))).toBe(at);
  });

  it('accepts every well-formed sequence', () => {
    expect(firstInvalidUtf8(Buffer.from('a é 你 😀'))).toBe(Buffer.byteLength('a é 你 😀'));
  });
});
