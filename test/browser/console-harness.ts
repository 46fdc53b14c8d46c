import { existsSync } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Debian's Chromium (CI installs it with `apt-get install -y chromium`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that keep headless Chromium quiet, offline-friendly and root-safe in containers. */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];

/**
 * Whether the browser tests can run. Without Chromium they fail on CI (where it must be installed)
 * and are skipped elsewhere with a loud warning, so a laptop without Chromium still runs `npm test`.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI) throw new Error(`Chromium is missing at ${CHROMIUM_PATH}; CI must run \`apt-get install -y chromium\` before the tests.`);
  console.warn(`\n⚠️  ⚠️  SKIPPING the console browser tests: ${CHROMIUM_PATH} not found. Install it with \`apt-get install -y chromium\`.\n`);
  return false;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Builds the console with the real Vite config into `outDir` (same bundle as `npm run build:web`). */
export async function buildConsole(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({ configFile: path.join(repoRoot, 'web/vite.config.ts'), logLevel: 'warn', build: { outDir, emptyOutDir: true } });
}

const TYPES: Record<string, string> = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml' };

/**
 * Serves a built console from `webRoot` and forwards /api, /healthz and /metrics to `apiUrl`, so
 * the browser sees one origin exactly as with `qiao start` (which serves dist/web itself).
 */
export async function serveConsole(webRoot: string, apiUrl: string): Promise<{ url: string; close(): Promise<void> }> {
  const api = new URL(apiUrl);
  const server = http.createServer((req, res) => {
    const url = req.url ?? '/';
    if (url.startsWith('/api/') || url === '/healthz' || url.startsWith('/metrics')) {
      const upstream = http.request({ hostname: api.hostname, port: api.port, path: url, method: req.method, headers: { ...req.headers, host: api.host } }, (reply) => {
        res.writeHead(reply.statusCode ?? 502, reply.headers);
        reply.pipe(res);
      });
      upstream.on('error', (error) => {
        res.writeHead(502, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { code: 'proxy', message: error.message } }));
      });
      req.pipe(upstream);
      return;
    }
    void (async () => {
      const pathname = decodeURIComponent(url.split('?')[0]);
      let file = path.join(webRoot, path.normalize(pathname));
      if (!file.startsWith(webRoot) || !(await stat(file).then((s) => s.isFile(), () => false))) file = path.join(webRoot, 'index.html');
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
      res.end(await readFile(file));
    })().catch((error: unknown) => {
      res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
