import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Context } from 'hono';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

const NOT_BUILT = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>qiao: dashboard not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 4em auto; line-height: 1.5">
<h1>The qiao dashboard has not been built</h1>
<p>The API is running, but there are no dashboard files to serve. Build them once with:</p>
<pre style="background:#f4f4f4;padding:1em">npm run build:web</pre>
<p>then reload this page. 控制台尚未构建:请先运行 <code>npm run build:web</code>,然后刷新本页。</p>
<p>The API itself answers under <a href="/api/openapi.json">/api/openapi.json</a>.</p>
</body></html>`;

async function fileIfExists(file: string): Promise<Buffer | null> {
  try {
    if (!(await stat(file)).isFile()) return null;
    return await readFile(file);
  } catch {
    return null;
  }
}

/**
 * Serves the built dashboard from `webRoot`: real files by path, and index.html for any other
 * GET so the single-page app's own routes (e.g. /schemes/x) load. Paths never escape `webRoot`.
 * When the dashboard is not built, answers with a page saying how to build it.
 */
export function serveWeb(webRoot: string) {
  const root = path.resolve(webRoot);
  return async (c: Context): Promise<Response> => {
    let relative: string;
    try {
      relative = decodeURIComponent(c.req.path);
    } catch {
      relative = '/';
    }
    const file = path.resolve(root, `.${path.posix.normalize(relative)}`);
    if (file.startsWith(root + path.sep) && !relative.endsWith('/')) {
      const body = await fileIfExists(file);
      if (body) {
        const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
        // Vite puts content hashes in asset names, so those may be cached for good.
        const cache = relative.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache';
        return c.body(new Uint8Array(body), 200, { 'Content-Type': type, 'Cache-Control': cache });
      }
      // A missing build asset is a real 404, not the app shell (SPA routes may contain dots).
      if (relative.startsWith('/assets/')) return c.text('Not found', 404);
    }
    const index = await fileIfExists(path.join(root, 'index.html'));
    if (!index) return c.html(NOT_BUILT, 503);
    return c.body(new Uint8Array(index), 200, { 'Content-Type': TYPES['.html']!, 'Cache-Control': 'no-cache' });
  };
}
