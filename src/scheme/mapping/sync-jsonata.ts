import { createRequire } from 'node:module';
import type jsonata from 'jsonata';
import type { Logger } from '../../core/logger.js';
import generatedFactory, { jsonataVersion as generatedVersion } from './generated/jsonata-sync.generated.js';

/** The parts of a JSONata expression object qiao uses, with a synchronous evaluate. */
export interface SyncJsonataExpression {
  evaluate(input: unknown, bindings?: Record<string, unknown>): unknown;
  assign(name: string | symbol, value: unknown): void;
  registerFunction(
    name: string,
    implementation: (this: jsonata.Focus, ...args: unknown[]) => unknown,
    signature?: string,
  ): void;
  ast(): jsonata.ExprNode;
}

export type SyncJsonata = (
  text: string,
  options?: { RegexEngine?: unknown; sequence?: number },
) => SyncJsonataExpression;

/** Why the synchronous build is not used. */
export interface SyncJsonataFallback {
  /** The jsonata version the committed synchronous build was generated from. */
  generatedFrom: string;
  /** The installed jsonata version (undefined when it could not be read). */
  installed: string | undefined;
}

/** Which JSONata evaluates: the synchronous build, or (factory null) the installed async JSONata. */
export interface SyncJsonataChoice {
  readonly factory: SyncJsonata | null;
  readonly fallback: SyncJsonataFallback | undefined;
  /** Logs the fallback as one warning, the first time it is called with one; nothing otherwise. */
  reportFallback(logger: Logger): void;
}

/**
 * The synchronous JSONata (3× faster mapping; see render-sync-jsonata.ts) is generated at build
 * time from one exact jsonata release. It is JSONata's own evaluator, so results and errors match
 * the installed async JSONata only while that is the same release: when the installed version
 * differs, use async JSONata — correct, slower — and say so once through `reportFallback`.
 * `installedVersion` is injectable so tests can simulate the mismatch.
 */
export function chooseSyncJsonata(
  installedVersion: string | undefined,
  generated = { factory: generatedFactory as SyncJsonata, version: generatedVersion },
): SyncJsonataChoice {
  const fallback =
    installedVersion === generated.version
      ? undefined
      : { generatedFrom: generated.version, installed: installedVersion };
  let reported = false;
  return {
    factory: fallback ? null : generated.factory,
    fallback,
    reportFallback(logger) {
      if (!fallback || reported) return;
      reported = true;
      logger.warn(
        {
          jsonataInstalled: fallback.installed ?? 'unknown',
          syncJsonataGeneratedFrom: fallback.generatedFrom,
          fix: 'npm run gen:sync-jsonata',
        },
        `mapping uses the slower async JSONata (about 3× the CPU): the synchronous build was generated from jsonata ${fallback.generatedFrom}, ` +
          `but jsonata ${fallback.installed ?? '(unknown version)'} is installed; install jsonata@${fallback.generatedFrom} or regenerate with \`npm run gen:sync-jsonata\``,
      );
    },
  };
}

let shared: SyncJsonataChoice | undefined;

/** The choice for the installed jsonata, made once per process (so its warning is logged once). */
export function syncJsonata(): SyncJsonataChoice {
  return (shared ??= chooseSyncJsonata(installedJsonataVersion()));
}

/** Package metadata only: the generated build, not jsonata's source, is what runs. */
function installedJsonataVersion(): string | undefined {
  try {
    return (createRequire(import.meta.url)('jsonata/package.json') as { version?: string }).version;
  } catch {
    return undefined;
  }
}
