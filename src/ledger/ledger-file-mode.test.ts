import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openLedger } from './open-ledger.js';
import type { Ledger } from './ledger.js';

const dirs: string[] = [];
const stores: Ledger[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'qiao-mode-'));
  dirs.push(dir);
  return dir;
};
const modeOf = (path: string) => statSync(path).mode & 0o777;

async function openAndWrite(file: string): Promise<void> {
  const store = await openLedger(`sqlite:${file}`);
  stores.push(store);
  await store.ingest(
    's',
    null,
    [{ key: 'A', source: { secret: 'payload' }, sourceVersion: null, payload: 1, payloadHash: 'h1' }],
    'c',
  );
}

describe.skipIf(process.platform === 'win32')('ledger and .qiao file modes', () => {
  it('creates .qiao/ 0700 and the SQLite ledger with its -wal and -shm files 0600', async () => {
    const qiao = join(tempDir(), '.qiao');
    const file = join(qiao, 'qiao.db');
    await openAndWrite(file);
    expect(modeOf(qiao)).toBe(0o700);
    for (const path of [file, `${file}-wal`, `${file}-shm`]) {
      expect(existsSync(path)).toBe(true);
      expect([path, modeOf(path)]).toEqual([path, 0o600]);
    }
  });

  it('tightens a .qiao/ and a ledger file that an older version left readable by others', async () => {
    const qiao = join(tempDir(), '.qiao');
    mkdirSync(qiao, { mode: 0o755 });
    chmodSync(qiao, 0o755);
    const file = join(qiao, 'qiao.db');
    writeFileSync(file, '', { mode: 0o644 });
    chmodSync(file, 0o644);
    await openAndWrite(file);
    expect(modeOf(qiao)).toBe(0o700);
    expect(modeOf(file)).toBe(0o600);
    expect(modeOf(`${file}-wal`)).toBe(0o600);
  });

  it("leaves the mode of an existing directory that is not qiao's own", async () => {
    const data = join(tempDir(), 'data');
    mkdirSync(data);
    chmodSync(data, 0o755);
    await openAndWrite(join(data, 'qiao.db'));
    expect(modeOf(data)).toBe(0o755);
    expect(modeOf(join(data, 'qiao.db'))).toBe(0o600);
  });
});
