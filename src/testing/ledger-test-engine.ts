import { EventEmitter } from 'node:events';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { IntegrationError, serializeError } from '../core/errors.js';
import type { CatalogOperation } from '../connectors/connector.js';
import type { Engine, LoadedSchemeInfo } from '../runtime/engine.js';
import type { EngineEvents } from '../runtime/engine-events.js';
import type { PreviewItem } from '../runtime/preview-scheme.js';
import type { SchemeValidationIssue, SchemeValidationResult } from '../scheme/load-scheme.js';
import { contentHash } from '../ledger/stable-hash.js';
import type { IngestDocument, RunRecord, Ledger } from '../ledger/ledger.js';

/** A source document the test puts in the fake source: `version` doubles as the cursor value. */
export interface TestSourceDoc {
  key: string;
  version: string;
  fields: Record<string, unknown>;
}

interface TestScheme {
  id: string;
  name: string;
  source: { connection: string; api: string };
  target: { connection: string; api: string };
  settings?: { schedule?: unknown };
  /** target field → source field */
  mapping: { fields: Record<string, string> };
}

const str = (v: unknown): v is string => typeof v === 'string' && v.length > 0;

/**
 * A small but real Engine for API tests: schemes are YAML files in `dir`, runs go through the
 * real Ledger (ingest → claim → mark succeeded/failed, runs and attempts recorded), the
 * source is an in-memory list and the target an in-memory sink that can reject chosen keys.
 */
export class LedgerTestEngine implements Engine {
  readonly events = new EventEmitter<EngineEvents>();
  /** Documents the fake source returns, per scheme. */
  readonly sources = new Map<string, TestSourceDoc[]>();
  /** Keys the fake target rejects: `record` → failed (no auto retry), `dead` → dead. */
  readonly rejections = new Map<string, 'record' | 'dead'>();
  /** Payloads the fake target accepted. */
  readonly written: Array<{ schemeId: string; key: string; payload: unknown }> = [];
  /** When set, the next run fails as a whole with this error (e.g. a config error). */
  failNextRun: IntegrationError | null = null;
  private readonly schemes = new Map<string, LoadedSchemeInfo>();
  private readonly running = new Map<string, Promise<RunRecord>>();

  constructor(readonly ledger: Ledger, private readonly dir: string) {}

  async listSchemes(): Promise<LoadedSchemeInfo[]> {
    return [...this.schemes.values()].sort((a, b) => a.id.localeCompare(b.id));
  }

  async getScheme(id: string): Promise<LoadedSchemeInfo | null> {
    return this.schemes.get(id) ?? null;
  }

  async validateSchemeText(yaml: string): Promise<SchemeValidationResult> {
    const lines = new LineCounter();
    const doc = parseDocument(yaml, { lineCounter: lines });
    if (doc.errors.length > 0) return { ok: false, issues: doc.errors.map((e) => ({ path: '(root)', line: e.linePos?.[0].line, message: e.message })) };
    const value = (doc.toJS() ?? {}) as Record<string, unknown>;
    const issues: SchemeValidationIssue[] = [];
    const at = (p: string[]): number | undefined => {
      const node = doc.getIn(p, true) as { range?: [number, number, number] } | undefined;
      return node?.range ? lines.linePos(node.range[0]).line : undefined;
    };
    const need = (p: string[], check: (v: unknown) => boolean, message: string) => {
      let v: unknown = value;
      for (const k of p) v = v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined;
      if (!check(v)) issues.push({ path: p.join('.'), line: at(p), message });
    };
    need(['id'], (v) => str(v) && /^[a-z0-9][a-z0-9-]*$/.test(v), 'id must be lowercase letters, digits and dashes');
    need(['name'], str, 'name is required');
    for (const side of ['source', 'target']) for (const k of ['connection', 'api']) need([side, k], str, `${side}.${k} is required`);
    need(['mapping', 'fields'], (v) => !!v && typeof v === 'object' && Object.values(v).every(str), 'mapping.fields maps target fields to source field names');
    return issues.length > 0 ? { ok: false, issues } : { ok: true, id: value.id as string, scheme: value };
  }

  async saveScheme(yaml: string, expectedId?: string): Promise<LoadedSchemeInfo> {
    const result = await this.validateSchemeText(yaml);
    if (!result.ok) throw new IntegrationError('scheme invalid', { code: 'scheme.invalid', kind: 'config', details: { issues: result.issues } });
    if (expectedId && expectedId !== result.id) throw new IntegrationError('id changed', { code: 'scheme.id_mismatch', kind: 'config' });
    const file = path.join(this.dir, `${result.id}.scheme.yaml`);
    await writeFile(file, yaml);
    const scheme = result.scheme as TestScheme;
    const info: LoadedSchemeInfo = { id: scheme.id, name: scheme.name, file, yaml, enabled: this.schemes.get(scheme.id)?.enabled ?? true, scheme };
    this.schemes.set(info.id, info);
    return info;
  }

  async setEnabled(id: string, enabled: boolean): Promise<LoadedSchemeInfo> {
    const info = this.schemes.get(id);
    if (!info) throw new IntegrationError(`no scheme ${id}`, { code: 'scheme.not_found', kind: 'config' });
    const next = { ...info, enabled };
    this.schemes.set(id, next);
    return next;
  }

  isRunning(id: string): boolean {
    return this.running.has(id);
  }

  nextRunAt(id: string): Date | null {
    return this.schemes.get(id)?.enabled ? new Date(Date.now() + 60_000) : null;
  }

  runNow(id: string, trigger: RunRecord['trigger']): Promise<RunRecord> {
    const current = this.running.get(id);
    if (current) return current;
    const run = this.run(id, trigger).finally(() => this.running.delete(id));
    this.running.set(id, run);
    return run;
  }

  private map(scheme: TestScheme, doc: TestSourceDoc): Record<string, unknown> {
    return Object.fromEntries(Object.entries(scheme.mapping.fields).map(([to, from]) => [to, doc.fields[from] ?? null]));
  }

  private async run(id: string, trigger: RunRecord['trigger']): Promise<RunRecord> {
    const info = this.schemes.get(id);
    if (!info) throw new IntegrationError(`no scheme ${id}`, { code: 'scheme.not_found', kind: 'config' });
    const scheme = info.scheme as TestScheme;
    const cursor = (await this.ledger.getCursor(id))?.value ?? null;
    const started = await this.ledger.startRun(id, trigger, cursor);
    this.events.emit('run.started', started);
    const counts = { read: 0, documents: 0, pushed: 0, skipped: 0, failed: 0, retried: 0 };
    let finished: RunRecord;
    try {
      if (this.failNextRun) {
        const error = this.failNextRun;
        this.failNextRun = null;
        throw error;
      }
      const docs = (this.sources.get(id) ?? []).filter((d) => cursor === null || d.version > cursor);
      counts.read = counts.documents = docs.length;
      const ingest: IngestDocument[] = docs.map((d) => {
        const payload = this.map(scheme, d);
        return { key: d.key, source: d.fields, sourceVersion: d.version, payload, payloadHash: contentHash(payload) };
      });
      const cursorTo = docs.reduce<string | null>((max, d) => (max === null || d.version > max ? d.version : max), cursor);
      const outcomes = await this.ledger.ingest(id, started.id, ingest, cursorTo);
      counts.skipped = outcomes.filter((o) => o === 'unchanged').length;
      for (const record of await this.ledger.claimDue(id, { owner: 'test-engine', limit: 10_000, leaseMs: 60_000 })) {
        const t0 = Date.now();
        const rejection = this.rejections.get(record.key);
        this.events.emit('api.call', { connection: scheme.target.connection, operation: scheme.target.api, durationMs: Date.now() - t0 + 3, ok: !rejection, ...(rejection ? { errorCode: 'okki.validation' } : {}) });
        if (rejection) {
          const error = serializeError(new IntegrationError(`target rejected ${record.key}`, { code: 'okki.validation', kind: 'record' }));
          const status = rejection === 'dead' ? 'dead' : 'failed';
          await this.ledger.markFailed(id, record.key, { runId: started.id, error, status, nextAttemptAt: null, countAttempt: true });
          await this.ledger.addAttempt({ schemeId: id, key: record.key, runId: started.id, at: new Date().toISOString(), outcome: status, durationMs: 3, error });
          this.events.emit('record.failed', { schemeId: id, key: record.key, error, status });
          counts.failed++;
        } else {
          await this.ledger.markSucceeded(id, record.key, { runId: started.id, payloadHash: record.payloadHash!, payload: record.payload, targetReply: { ok: true }, targetIds: { order_id: `T-${record.key}` } });
          await this.ledger.addAttempt({ schemeId: id, key: record.key, runId: started.id, at: new Date().toISOString(), outcome: 'succeeded', durationMs: 3, error: null });
          this.written.push({ schemeId: id, key: record.key, payload: record.payload });
          counts.pushed++;
        }
      }
      finished = await this.ledger.finishRun(started.id, { status: counts.failed > 0 ? 'partial' : 'succeeded', counts, cursorTo, error: null });
    } catch (error) {
      finished = await this.ledger.finishRun(started.id, { status: 'failed', counts, cursorTo: cursor, error: serializeError(error) });
    }
    this.events.emit('run.finished', finished);
    return finished;
  }

  async preview(id: string, options: { limit?: number; sourceDocument?: unknown } = {}): Promise<PreviewItem[]> {
    const info = this.schemes.get(id);
    if (!info) throw new IntegrationError(`no scheme ${id}`, { code: 'scheme.not_found', kind: 'config' });
    const scheme = info.scheme as TestScheme;
    const docs = options.sourceDocument ? [options.sourceDocument as TestSourceDoc] : (this.sources.get(id) ?? []).slice(0, options.limit ?? 10);
    return docs.map((d) => ({ key: d.key, source: d.fields, payload: this.map(scheme, d) }));
  }

  catalog(): CatalogOperation[] {
    return [...new Set([...this.schemes.values()].map((s) => (s.scheme as TestScheme).target.api))].map((api) => ({
      connector: 'okki',
      operation: api,
      label: '推送订单',
      requestFields: [{ key: 'order_no', label: '订单编号', type: 'string' }],
      responseFields: [{ key: 'order_id', label: '订单ID', type: 'string' }],
    }));
  }
}
