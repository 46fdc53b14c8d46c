import { EventEmitter } from 'node:events';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { CatalogOperation, Connector } from '../connectors/connector.js';
import { connectorCatalog, createConnector } from '../connectors/registry.js';
import { storeUrl, type EngineConfig } from './engine-config.js';
import { defaultBreakerSettings } from '../core/breaker-settings.js';
import { ConfigError, IntegrationError } from '../core/errors.js';
import {
  formatIssue,
  parseSchemeText,
  type SchemeLoadOptions,
  type SchemeValidationResult,
} from '../scheme/load-scheme.js';
import type { KnownConnections } from '../scheme/scheme-checks.js';
import type { Scheme } from '../scheme/scheme.schema.js';
import { syncJsonata } from '../scheme/mapping/sync-jsonata.js';
import { openLedger } from '../ledger/open-ledger.js';
import { ConnectionBreaker } from './connection-breaker.js';
import { guardConnector } from './guarded-connector.js';
import type { Ledger, OperatorLedger, RunRecord } from '../ledger/ledger.js';
import type { EngineEvents } from './engine-events.js';
import { silentLogger, type Logger } from '../core/logger.js';
import { prepareScheme } from './prepare-scheme.js';
import { previewScheme, type PreviewItem } from './preview-scheme.js';
import type { PreparedScheme } from './run-context.js';
import { recoverInterruptedWrites } from './recover-interrupted.js';
import { runScheme } from './run-scheme.js';
import { Scheduler } from './scheduler.js';
import type { Engine, EngineOptions, LoadedSchemeInfo } from './engine-interface.js';
import { readSchemeDirectory, saveSchemeText, withEnabled, writeFileAtomic, type SchemeFile } from './scheme-files.js';

export type { Engine, EngineOptions, LoadedSchemeInfo } from './engine-interface.js';

interface SchemeEntry extends SchemeFile {
  prepared: PreparedScheme;
}

/** The running qiao: schemes from disk, connections, the ledger and the scheduler. */
export class QiaoEngine implements Engine {
  readonly events = new EventEmitter<EngineEvents>();
  /** The operator half of the ledger (records, runs, cursors, retry/skip). */
  readonly ledger: OperatorLedger;
  readonly logger: Logger;
  private readonly schemes = new Map<string, SchemeEntry>();
  private invalid: Array<{ file: string; issues: unknown[] }> = [];
  private readonly connectors = new Map<string, Connector>();
  private readonly breakers = new Map<string, ConnectionBreaker>();
  private readonly running = new Map<string, Promise<RunRecord>>();
  private readonly scheduler: Scheduler;
  private readonly abort = new AbortController();
  private readonly owner = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  readonly schemesDir: string;

  private constructor(
    readonly config: EngineConfig,
    private readonly fullLedger: Ledger,
    private readonly options: EngineOptions,
  ) {
    this.ledger = fullLedger;
    this.logger = options.logger ?? silentLogger;
    this.schemesDir = resolve(config.baseDir, config.schemesDir);
    for (const [name, connection] of Object.entries(config.connections)) {
      if (!options.connectors?.[name])
        this.connectors.set(
          name,
          createConnector(name, connection, { logger: this.logger, onCall: (e) => this.events.emit('api.call', e) }),
        );
    }
    for (const [name, connector] of Object.entries(options.connectors ?? {})) this.connectors.set(name, connector);
    // One breaker per connection, shared by every run and scheme that uses it (see connection-breaker.ts).
    for (const [name, connector] of this.connectors) {
      const settings = config.connections[name]?.breaker ?? defaultBreakerSettings;
      const breaker = new ConnectionBreaker(name, settings, this.logger);
      this.breakers.set(name, breaker);
      this.connectors.set(name, guardConnector(connector, breaker));
    }
    this.scheduler = new Scheduler(
      {
        schedules: () =>
          [...this.schemes.values()]
            .filter((s) => s.scheme.enabled)
            .map((s) => ({ id: s.scheme.id, schedule: s.scheme.settings.schedule })),
        run: (id, trigger) => this.runNow(id, trigger),
        hasDueRetries: async (id) => {
          const due = await this.fullLedger.nextDueAt(id);
          return due !== null && Date.parse(due) <= this.now().getTime();
        },
        isRunning: (id) => this.isRunning(id),
      },
      this.logger,
    );
  }

  /** Opens the ledger, migrates it, loads the schemes. */
  static async create(options: EngineOptions): Promise<QiaoEngine> {
    const store = options.ledger ?? (await openLedger(storeUrl(options.config)));
    const engine = new QiaoEngine(options.config, store, options);
    // The scheme layer has no logger: a jsonata that does not match the generated synchronous build is reported here, once per process.
    syncJsonata().reportFallback(engine.logger);
    // The embedded ledger has one process: any run still "running" was cut short. On a shared
    // PostgreSQL ledger other workers may be mid-run, so only long-silent runs are closed.
    const embedded = storeUrl(options.config).startsWith('sqlite:');
    await store.abortStaleRuns(new Date(Date.now() - (embedded ? 0 : 6 * 3600_000)).toISOString());
    await engine.reload();
    const recovered = await recoverInterruptedWrites(store);
    if (recovered > 0)
      engine.logger.warn(
        { recovered },
        'documents left mid-write by a stopped process will be checked against the target and written again',
      );
    return engine;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** The connections with the operations their connectors read and write with, for scheme validation. */
  private get knownConnections(): KnownConnections {
    return Object.fromEntries(
      [...this.connectors].map(([name, c]) => [
        name,
        { type: c.type, read: c.readOperations, write: c.writeOperations },
      ]),
    );
  }

  /** What a scheme text sent by the API or the console is validated against: connections and the loaded schemes. */
  private get schemeLoadOptions(): SchemeLoadOptions {
    return { connections: this.knownConnections, schemeIds: [...this.schemes.keys()] };
  }

  /** Problems in scheme files found by the last reload (invalid files are not run). */
  get problems(): ReadonlyArray<{ file: string; issues: unknown[] }> {
    return this.invalid;
  }

  async reload(): Promise<void> {
    const dir = await readSchemeDirectory(this.schemesDir, this.knownConnections);
    this.schemes.clear();
    for (const file of dir.schemes) this.schemes.set(file.scheme.id, this.entry(file));
    this.invalid = dir.invalid;
    for (const warning of dir.warnings) this.logger.warn({ file: warning.file }, formatIssue(warning));
    for (const bad of dir.invalid)
      this.logger.error(
        { file: bad.file, issues: bad.issues.map((i) => formatIssue(i)) },
        'scheme file does not validate; it will not run',
      );
    this.scheduler.reload();
  }

  private entry(file: SchemeFile): SchemeEntry {
    return {
      ...file,
      prepared: prepareScheme(file.scheme, {
        ledger: this.fullLedger,
        connectors: this.connectors,
        now: () => this.now(),
      }),
    };
  }

  private info(entry: SchemeEntry): LoadedSchemeInfo {
    return {
      id: entry.scheme.id,
      name: entry.scheme.name,
      file: entry.file,
      yaml: entry.text,
      enabled: entry.scheme.enabled,
      scheme: entry.scheme,
    };
  }

  private require(id: string): SchemeEntry {
    const entry = this.schemes.get(id);
    if (!entry)
      throw new IntegrationError(`Scheme "${id}" is not loaded; check the id or run \`qiao validate\` on its file`, {
        code: 'runtime.unknown_scheme',
        kind: 'config',
        details: { scheme: id },
      });
    return entry;
  }

  connector(name: string): Connector | undefined {
    return this.connectors.get(name);
  }

  schemeDefinition(id: string): Scheme | null {
    return this.schemes.get(id)?.scheme ?? null;
  }

  async listSchemes(): Promise<LoadedSchemeInfo[]> {
    return [...this.schemes.values()].map((e) => this.info(e));
  }

  async getScheme(id: string): Promise<LoadedSchemeInfo | null> {
    const entry = this.schemes.get(id);
    return entry ? this.info(entry) : null;
  }

  async validateSchemeText(yaml: string, fileName = '<editor>'): Promise<SchemeValidationResult> {
    const parsed = parseSchemeText(yaml, fileName, this.schemeLoadOptions);
    return parsed.ok ? { ok: true, id: parsed.scheme.id, scheme: parsed.scheme } : { ok: false, issues: parsed.issues };
  }

  async saveScheme(yaml: string, expectedId?: string): Promise<LoadedSchemeInfo> {
    const validation = await this.validateSchemeText(yaml);
    if (validation.ok && expectedId && validation.id !== expectedId) {
      throw new ConfigError(
        `The scheme's id is "${validation.id}" but "${expectedId}" is being saved; ids cannot be renamed (the ledger is keyed by id)`,
        { code: 'scheme.id_mismatch' },
      );
    }
    const existing = validation.ok ? this.schemes.get(validation.id)?.file : undefined;
    const saved = await saveSchemeText(this.schemesDir, yaml, this.schemeLoadOptions, existing);
    const entry = this.entry(saved);
    this.schemes.set(saved.scheme.id, entry);
    this.scheduler.reload();
    return this.info(entry);
  }

  async setEnabled(id: string, enabled: boolean): Promise<LoadedSchemeInfo> {
    const entry = this.require(id);
    const text = withEnabled(entry.text, enabled);
    await writeFileAtomic(entry.file, text);
    const updated = this.entry({ file: entry.file, text, scheme: { ...entry.scheme, enabled } });
    this.schemes.set(id, updated);
    this.scheduler.reload();
    return this.info(updated);
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  nextRunAt(id: string): Date | null {
    return this.scheduler.nextRunAt(id);
  }

  /** Unmet preconditions of a scheme: those that never finished a successful run. */
  async unmetPreconditions(id: string): Promise<string[]> {
    const unmet: string[] = [];
    for (const dependency of this.require(id).scheme.settings.preconditions) {
      if (!(await this.fullLedger.lastSuccessfulRun(dependency))) unmet.push(dependency);
    }
    return unmet;
  }

  runNow(id: string, trigger: RunRecord['trigger']): Promise<RunRecord> {
    const inProgress = this.running.get(id);
    if (inProgress) return inProgress;
    const run = this.execute(id, trigger).finally(() => this.running.delete(id));
    this.running.set(id, run);
    return run;
  }

  private async execute(id: string, trigger: RunRecord['trigger']): Promise<RunRecord> {
    const entry = this.require(id);
    const unmet = trigger === 'retry' ? [] : await this.unmetPreconditions(id);
    if (unmet.length > 0) {
      throw new IntegrationError(
        `Scheme "${id}" waits for ${unmet.join(', ')}: run ${unmet.length > 1 ? 'them' : 'it'} successfully first (preconditions)`,
        { code: 'runtime.precondition_unmet', kind: 'config', details: { unmet } },
      );
    }
    const result = await runScheme(
      entry.prepared,
      {
        ledger: this.fullLedger,
        connectors: this.connectors,
        breakers: this.breakers,
        events: this.events,
        logger: this.logger,
        owner: this.owner,
        now: () => this.now(),
        signal: this.abort.signal,
        drainWindowMs: this.options.drainWindowMs,
        dependentsOf: (schemeId) => this.dependentsOf(schemeId),
      },
      { trigger, writeOnly: trigger === 'retry' },
    );
    if (result.status === 'succeeded' || result.status === 'partial') await this.wakeDependents(id);
    return result;
  }

  /** Schemes that list `id` in their preconditions (their documents look up what it synced). */
  private dependentsOf(id: string): string[] {
    return [...this.schemes.values()]
      .filter((entry) => entry.scheme.settings.preconditions.includes(id))
      .map((entry) => entry.scheme.id);
  }

  /**
   * Documents of dependent schemes parked on a missing lookup may resolve now: make them due. Waking
   * keeps their park clock, so a lookup that stays missing still ends in dead after parkedLimit.
   */
  private async wakeDependents(id: string): Promise<void> {
    for (const dependent of this.dependentsOf(id)) await this.fullLedger.wakeParked(dependent);
  }

  async preview(
    id: string,
    options: { limit?: number; sourceDocument?: unknown; yaml?: string } = {},
  ): Promise<PreviewItem[]> {
    let prepared = this.schemes.get(id)?.prepared;
    if (options.yaml !== undefined) {
      const parsed = parseSchemeText(options.yaml, '<preview>', this.schemeLoadOptions);
      if (!parsed.ok)
        throw new ConfigError(`Scheme does not validate:\n${parsed.issues.map(formatIssue).join('\n')}`, {
          code: 'scheme.invalid',
          details: { issues: parsed.issues },
        });
      prepared = prepareScheme(parsed.scheme, {
        ledger: this.fullLedger,
        connectors: this.connectors,
        now: () => this.now(),
      });
    }
    if (!prepared) this.require(id);
    return previewScheme(
      prepared!,
      { ledger: this.fullLedger, connectors: this.connectors, now: () => this.now() },
      options,
    );
  }

  catalog(): CatalogOperation[] {
    return connectorCatalog();
  }

  startScheduler(): void {
    this.scheduler.start();
  }

  /** Graceful stop: no new runs, in-flight writes finish, leases are released, connections closed. */
  async close(): Promise<void> {
    this.abort.abort();
    await this.scheduler.stop();
    await Promise.allSettled([...this.running.values()]);
    for (const connector of this.connectors.values()) await connector.close().catch(() => undefined);
    await this.fullLedger.close();
  }
}
