import { chmodSync, closeSync, openSync, statSync } from 'node:fs';
import { chmod, mkdir, stat } from 'node:fs/promises';
import { basename } from 'node:path';

/**
 * qiao's local state (the ledger with full payloads, the API token) is for the user running it
 * alone: files 0600, directories 0700. Windows has no such modes; there this does nothing more
 * than create.
 */
const POSIX = process.platform !== 'win32';

/** The folder of qiao's own state (`.qiao/` next to qiao.yaml): tightened even when it already exists. */
const OWN_DIR = '.qiao';

/**
 * Creates `dir` and any missing parents with mode 0700. An existing `.qiao` directory that others
 * can read (older qiao versions made it 0755) is tightened; other existing directories are the
 * operator's and keep their mode.
 */
export async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  if (POSIX && basename(dir) === OWN_DIR) {
    const { mode } = await stat(dir);
    if ((mode & 0o077) !== 0) await chmod(dir, 0o700);
  }
}

/**
 * Creates `file` empty with mode 0600 when it does not exist, and takes group and other permissions
 * away when it does (ledger files of older versions were 0644). Synchronous because it must run
 * before a database driver opens, and so creates, the file with the process umask. A missing
 * parent directory is left for the driver to report in its own words.
 */
export function ensurePrivateFileSync(file: string): void {
  try {
    closeSync(openSync(file, 'wx', 0o600));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return;
    if (code !== 'EEXIST') throw error;
  }
  tightenSync(file);
}

/** Takes group and other permissions away from `file` when it exists; a missing file is fine. */
export function tightenSync(file: string): void {
  if (!POSIX) return;
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if ((mode & 0o077) !== 0) chmodSync(file, mode & 0o700);
}
