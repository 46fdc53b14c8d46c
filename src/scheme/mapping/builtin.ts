import type { MappingServices } from './mapping-services.js';

/** Per-evaluation state a built-in can reach (services, tables, budget). */
export interface BuiltinContext {
  services?: MappingServices;
  valueTables: Record<string, Record<string, unknown>>;
  /** Source wall-clock offset used when a timestamp has none, e.g. "+08:00". */
  timezone: string;
  /** Per-run caches keyed by built-in name (e.g. $targetLookup answers). */
  cache(name: string): Map<string, unknown>;
  /** Awaits `work` without charging the wait to the expression's time budget. */
  external<T>(work: Promise<T>): Promise<T>;
}

/** A function callable from JSONata as `$name(...)`. */
export interface Builtin {
  name: string;
  /**
   * Receives the evaluation context first, then the JSONata arguments. May return a promise (a
   * service call); return cached answers directly so the synchronous engine needs no extra round.
   */
  fn(ctx: BuiltinContext, ...args: unknown[]): unknown;
  /**
   * Same answer for the same arguments throughout a run, and no effect besides the answer (e.g.
   * $customField, $valueTable): calls with literal arguments are answered once before evaluation.
   */
  constantPerRun?: boolean;
}
