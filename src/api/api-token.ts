import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { ensurePrivateDir } from '../core/private-paths.js';

/** Where the API token came from; `generated` means it was just created and should be printed once. */
export type ApiTokenSource = 'config' | 'env' | 'file' | 'generated';

/**
 * The API token: qiao.yaml's `api.token` when given, else `QIAO_API_TOKEN` when set, else the one stored in `<dataDir>/api-token`, else a
 * new random one (32 bytes, base64url) written there with mode 0600.
 * @param options.dataDir directory of qiao's local state (default `.qiao` under the cwd)
 */
export async function resolveApiToken(
  options: { configured?: string; env?: NodeJS.ProcessEnv; dataDir?: string } = {},
): Promise<{ token: string; source: ApiTokenSource; file: string }> {
  const env = options.env ?? process.env;
  const file = path.resolve(options.dataDir ?? '.qiao', 'api-token');
  if (options.configured?.trim()) return { token: options.configured.trim(), source: 'config', file };
  const fromEnv = env.QIAO_API_TOKEN?.trim();
  if (fromEnv) return { token: fromEnv, source: 'env', file };
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored) return { token: stored, source: 'file', file };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const token = randomBytes(32).toString('base64url');
  await ensurePrivateDir(path.dirname(file));
  await writeFile(file, `${token}\n`, { mode: 0o600, flag: 'wx' }).catch(async (error: NodeJS.ErrnoException) => {
    // Another process won the race: use its token so both agree.
    if (error.code !== 'EEXIST') throw error;
  });
  const final = (await readFile(file, 'utf8')).trim();
  return { token: final, source: final === token ? 'generated' : 'file', file };
}
