import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ensurePrivateDir, ensurePrivateFileSync } from './private-paths.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});
const temp = () => {
  const dir = mkdtempSync(join(tmpdir(), 'qiao-private-'));
  dirs.push(dir);
  return dir;
};
const modeOf = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('private paths', () => {
  it('creates missing directories 0700, tightens an existing .qiao, leaves other existing directories alone', async () => {
    const root = temp();
    await ensurePrivateDir(join(root, 'a', 'b'));
    expect([modeOf(join(root, 'a')), modeOf(join(root, 'a', 'b'))]).toEqual([0o700, 0o700]);
    const own = join(root, '.qiao');
    const other = join(root, 'shared');
    for (const dir of [own, other]) {
      mkdirSync(dir);
      chmodSync(dir, 0o755);
      await ensurePrivateDir(dir);
    }
    expect([modeOf(own), modeOf(other)]).toEqual([0o700, 0o755]);
  });

  it('creates a file 0600, takes group and other bits from an existing one, and keeps its content', () => {
    const root = temp();
    const fresh = join(root, 'new.db');
    ensurePrivateFileSync(fresh);
    expect(modeOf(fresh)).toBe(0o600);
    const old = join(root, 'old.db');
    writeFileSync(old, 'data');
    chmodSync(old, 0o644);
    ensurePrivateFileSync(old);
    expect(modeOf(old)).toBe(0o600);
    expect(statSync(old).size).toBe(4);
  });

  it('leaves a file in a missing directory for the driver to report', () => {
    expect(() => ensurePrivateFileSync(join(temp(), 'missing', 'x.db'))).not.toThrow();
  });
});
