import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** Debian's Chromium (CI installs it with `apt-get install -y chromium`). */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Flags that keep headless Chromium quiet, offline-friendly and root-safe in containers. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Whether the browser tests can run. Without Chromium they fail on CI (where it must be installed)
 * and are skipped elsewhere with a loud warning, so a laptop without Chromium still runs `npm test`.
 */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM_PATH)) return true;
  if (process.env.CI)
    throw new Error(
      `Chromium is missing at ${CHROMIUM_PATH}; CI must run \`apt-get install -y chromium\` before the tests.`,
    );
  console.warn(
    `\n⚠️  ⚠️  SKIPPING the console browser tests: ${CHROMIUM_PATH} not found. Install it with \`apt-get install -y chromium\`.\n`,
  );
  return false;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Builds the console with the real Vite config into `outDir` (same bundle as `npm run build:web`). */
export async function buildConsole(outDir: string): Promise<void> {
  const { build } = await import('vite');
  await build({
    configFile: path.join(repoRoot, 'web/vite.config.ts'),
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
}
