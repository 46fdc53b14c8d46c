import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveApiToken } from './api-token.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe.skipIf(process.platform === 'win32')('resolveApiToken file modes', () => {
  it('creates .qiao/ 0700 and the generated token file 0600', async () => {
    const root = mkdtempSync(join(tmpdir(), 'qiao-token-'));
    dirs.push(root);
    const qiao = join(root, '.qiao');
    const { file, source, token } = await resolveApiToken({ env: {}, dataDir: qiao });
    expect(source).toBe('generated');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(statSync(qiao).mode & 0o777).toBe(0o700);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });
});
