import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveApi, type RunningApi } from '../../src/api/serve-api.js';
import { schemeYaml } from '../../src/testing/api-fixture.js';
import { openMemoryQiao, type MemoryQiao } from '../../src/testing/memory-qiao.js';
import { startAttackerSite, startWireTap } from './attacker-sites.js';
import { CHROMIUM_ARGS, CHROMIUM_PATH, chromiumAvailable } from './console-harness.js';

const hasChromium = chromiumAvailable();
const TOKEN = 'cross-origin-token-0123456789abcdef';
const SCHEME = 'victim';

/**
 * Everything a hostile page can try against the API with fetch, beacons and forms; returns what
 * it managed to read (it should be nothing). Runs inside the page.
 */
async function attack(page: Page, api: string, token: string | null): Promise<string[]> {
  return page.evaluate(
    async ({ api, token, scheme }) => {
      if (token) localStorage.setItem('qiao.token', token);
      const stolen = localStorage.getItem('qiao.token');
      const read: string[] = [];
      const keep = async (p: Promise<Response>): Promise<void> => {
        try {
          const res = await p;
          const text = await res.text();
          if (text) read.push(`${res.status} ${text.slice(0, 200)}`);
        } catch {
          // blocked by the browser (CORS, preflight, mixed rules): nothing read
        }
      };
      const bearer: Record<string, string> = stolen ? { authorization: `Bearer ${stolen}` } : {};
      const q = stolen ? `?token=${encodeURIComponent(stolen)}` : '';
      const yaml = `version: 1\nid: planted\nname: planted\n`;
      // Reads: plain, with the stolen token as header and in the URL, and opaque.
      await keep(fetch(`${api}/api/schemes`));
      await keep(fetch(`${api}/api/schemes`, { headers: bearer }));
      await keep(fetch(`${api}/api/records${q}`));
      await keep(fetch(`${api}/metrics${q}`, { mode: 'no-cors' }));
      await keep(fetch(`${api}/api/schemes`, { credentials: 'include' }));
      // Changes: no-cors "simple" POSTs (text/plain, forms) that need no preflight.
      for (const action of ['disable', 'run', 'retry'])
        await keep(
          fetch(`${api}/api/schemes/${scheme}/${action}${q}`, {
            method: 'POST',
            mode: 'no-cors',
            headers: { 'content-type': 'text/plain' },
            body: JSON.stringify({ statuses: ['failed', 'dead'] }),
          }),
        );
      await keep(
        fetch(`${api}/api/schemes${q}`, {
          method: 'POST',
          mode: 'no-cors',
          headers: { 'content-type': 'text/plain' },
          body: JSON.stringify({ yaml }),
        }),
      );
      await keep(
        fetch(`${api}/api/records/${scheme}/C/skip`, {
          method: 'POST',
          mode: 'no-cors',
          body: new URLSearchParams({ reason: 'pwned' }),
        }),
      );
      await keep(
        fetch(`${api}/api/session`, { method: 'POST', mode: 'no-cors', body: JSON.stringify({ token: stolen }) }),
      );
      // Changes the real way: JSON with the bearer (needs a preflight qiao never approves).
      await keep(
        fetch(`${api}/api/schemes/${scheme}/disable`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...bearer },
          body: '{}',
        }),
      );
      await keep(
        fetch(`${api}/api/schemes/${scheme}/cursor`, {
          method: 'PUT',
          headers: { 'content-type': 'application/json', ...bearer },
          body: JSON.stringify({ value: '1999-01-01' }),
        }),
      );
      navigator.sendBeacon(`${api}/api/schemes/${scheme}/disable${q}`, '{}');
      navigator.sendBeacon(`${api}/api/schemes/${scheme}/run`, new Blob(['{}'], { type: 'text/plain' }));
      // An HTML form posted into a frame, text/plain and urlencoded.
      for (const enctype of ['text/plain', 'application/x-www-form-urlencoded']) {
        const frame = document.createElement('iframe');
        frame.name = `sink-${enctype}`;
        document.body.append(frame);
        const form = document.createElement('form');
        form.method = 'POST';
        form.enctype = enctype;
        form.target = frame.name;
        form.action = `${api}/api/schemes/${scheme}/disable${q}`;
        const field = document.createElement('input');
        field.name = '{"a":"';
        field.value = '"}';
        form.append(field);
        document.body.append(form);
        const loaded = new Promise((resolve) => {
          frame.onload = resolve;
          setTimeout(resolve, 2000);
        });
        form.submit();
        await loaded;
      }
      // The console's own storage is another origin's: unreachable from here.
      read.push(...Object.keys(localStorage).filter((k) => k === 'qiao.session'));
      return read;
    },
    { api, token, scheme: SCHEME },
  );
}

/**
 * A real browser page on another origin (another port on 127.0.0.1 = same site, and localhost =
 * another site), and a DNS-rebound page, attack the real qiao API with the tricks browsers allow,
 * with and without the API token in their own storage. Nothing is read and nothing changes; the
 * same calls from qiao's own origin do work (so the test can fail).
 */
describe.skipIf(!hasChromium)('a page on another origin cannot read or change anything', () => {
  let opened: MemoryQiao;
  let api: RunningApi;
  let attacker: { port: number; close(): Promise<void> };
  let tap: Awaited<ReturnType<typeof startWireTap>>;
  let browser: Browser;
  let rebindBrowser: Browser;

  const stateOf = async () => {
    const { engine } = opened.qiao;
    return {
      enabled: (await engine.getScheme(SCHEME))?.enabled,
      planted: Boolean(await engine.getScheme('planted')),
      runs: (await engine.ledger.listRuns({ schemeId: SCHEME })).length,
      cursor: (await engine.ledger.getCursor(SCHEME))?.value ?? null,
      recordC: (await engine.ledger.getRecord(SCHEME, 'C'))?.status,
      audit: (await engine.ledger.listAuditEntries()).total,
    };
  };
  let before: Awaited<ReturnType<typeof stateOf>>;

  beforeAll(async () => {
    opened = await openMemoryQiao();
    const { engine } = opened.qiao;
    await engine.saveScheme(schemeYaml(SCHEME));
    opened.memory.rows.set(SCHEME, [{ FBillNo: 'A' }, { FBillNo: 'B' }, { FBillNo: 'C' }]);
    opened.memory.rejections.set('C', 'record');
    await engine.runNow(SCHEME, 'manual');
    await engine.ledger.setCursor(SCHEME, '2026-01-01T00:00:00');
    api = await serveApi({
      qiao: opened.qiao,
      api: { host: '127.0.0.1', port: 0, token: TOKEN },
      dataDir: path.join(opened.dir, '.qiao'),
      webRoot: path.join(opened.dir, 'no-web-build'),
    });
    attacker = await startAttackerSite();
    tap = await startWireTap(new URL(api.url));
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
    // rebind.test resolves to 127.0.0.1, as an attacker's DNS name would after rebinding.
    rebindBrowser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP rebind.test 127.0.0.1'],
    });
    before = await stateOf();
    expect(before).toMatchObject({ enabled: true, runs: 1, recordC: 'failed', audit: 0, planted: false });
  });

  afterAll(async () => {
    await browser?.close();
    await rebindBrowser?.close();
    await attacker?.close();
    await tap?.close();
    await api?.close();
    await opened?.close();
  });

  for (const [site, host] of [
    ['another port on the same host (same site)', '127.0.0.1'],
    ['localhost (another site)', 'localhost'],
  ] as const) {
    for (const withToken of [false, true]) {
      it(`from ${site}, ${withToken ? 'with' : 'without'} the API token in its storage`, async () => {
        const page = await browser.newPage();
        try {
          await page.goto(`http://${host}:${attacker.port}/`);
          const read = await attack(page, tap.url, withToken ? TOKEN : null);
          expect(read).toEqual([]);
          await page.waitForTimeout(300); // beacons land after the page is done with them
        } finally {
          await page.close();
        }
        expect(await stateOf()).toEqual(before);
      });
    }
  }

  it('from a DNS-rebound name pointing at qiao: same-origin to the browser, refused by Host', async () => {
    const port = new URL(api.url).port;
    const page = await rebindBrowser.newPage();
    try {
      // After rebinding, rebind.test:<port> is qiao to the browser: the page and its calls are "same-origin".
      const document = await page.goto(`http://rebind.test:${port}/`);
      expect(document?.status()).toBe(403);
      const answers = await page.evaluate(async (token) => {
        const out: Array<{ status: number; text: string }> = [];
        const bearer = { authorization: `Bearer ${token}` };
        const calls: Array<[string, RequestInit]> = [
          ['/api/records', {}],
          ['/api/records', { headers: bearer }],
          ['/metrics', { headers: bearer }],
          [
            '/api/schemes/victim/disable',
            { method: 'POST', headers: { 'content-type': 'application/json', ...bearer } },
          ],
        ];
        for (const [url, init] of calls) {
          const res = await fetch(url, init);
          out.push({ status: res.status, text: await res.text() });
        }
        return out;
      }, TOKEN);
      expect(answers.map((a) => a.status)).toEqual([403, 403, 403, 403]);
      for (const a of answers) {
        expect(JSON.parse(a.text).error.code).toBe('api.host_not_allowed');
        expect(a.text).not.toContain('FBillNo');
      }
    } finally {
      await page.close();
    }
    expect(await stateOf()).toEqual(before);
  });

  it('the attacks reached qiao and were refused there (not merely lost on the way)', () => {
    const { requests, statuses } = tap.wire;
    expect(statuses).toHaveLength(requests.length);
    // Simple requests went out as such; the rest were stopped at their preflight.
    expect(requests).toEqual(
      expect.arrayContaining([
        'POST /api/schemes/victim/disable',
        'POST /api/schemes',
        'OPTIONS /api/schemes/victim/cursor',
      ]),
    );
    expect(requests.filter((r) => r.startsWith('POST')).length).toBeGreaterThanOrEqual(4 * 8);
    expect(statuses.filter((s) => s < 400)).toEqual([]);
    expect(new Set(statuses)).toEqual(new Set([403]));
  });

  it('the same calls from qiao’s own origin, with the token, do change things', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`${tap.url}/`); // the console's origin (its "not built" page is enough)
      const status = await page.evaluate(
        async ({ token, scheme }) => {
          const res = await fetch(`/api/schemes/${scheme}/disable`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          });
          return res.status;
        },
        { token: TOKEN, scheme: SCHEME },
      );
      expect(status).toBe(200);
    } finally {
      await page.close();
    }
    expect(await stateOf()).toMatchObject({ enabled: false, audit: 1 });
  });
});
