import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { Engine } from '../runtime/engine.js';
import type { EngineEvents } from '../runtime/engine-events.js';
import type { RunRecord } from '../ledger/ledger.js';
import { RECORD_STATUSES } from '../ledger/ledger.js';

/** qiao's Prometheus metrics, on a registry of their own (never prom-client's global one). */
export interface QiaoMetrics {
  readonly registry: Registry;
  /** The exposition text for GET /metrics. */
  render(): Promise<string>;
  readonly contentType: string;
  /** Stops listening to the engine's events. */
  dispose(): void;
}

/**
 * Creates the metrics of one engine: counters and histograms fed by `engine.events`, and gauges
 * read from the ledger at scrape time (queue depth, records per status, scheme up / last success).
 * @param options.defaultMetrics also export Node process metrics (default true)
 */
export function createQiaoMetrics(engine: Engine, options: { defaultMetrics?: boolean } = {}): QiaoMetrics {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry, prefix: 'qiao_' });
  const registers = [registry];

  const docs = (name: string, help: string) => new Counter({ name, help, labelNames: ['scheme'] as const, registers });
  const rowsRead = docs('qiao_source_rows_read_total', 'Source rows read, per scheme');
  const documentsRead = docs('qiao_documents_read_total', 'Documents read (grouped, after filters), per scheme');
  const written = docs('qiao_documents_written_total', 'Documents the target accepted, per scheme');
  const skipped = docs(
    'qiao_documents_skipped_total',
    'Documents unchanged since their last write (nothing sent), per scheme',
  );
  const failed = docs(
    'qiao_documents_failed_total',
    'Documents that failed, were parked or went dead in a run, per scheme',
  );
  const runs = new Counter({
    name: 'qiao_runs_total',
    help: 'Finished runs, per scheme and outcome',
    labelNames: ['scheme', 'status'] as const,
    registers,
  });
  const runDuration = new Histogram({
    name: 'qiao_run_duration_seconds',
    help: 'Run duration in seconds, per scheme and outcome',
    labelNames: ['scheme', 'status'] as const,
    buckets: [0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800],
    registers,
  });
  const apiLatency = new Histogram({
    name: 'qiao_api_call_duration_seconds',
    help: 'Latency of calls to vendor APIs in seconds, per connection and operation',
    labelNames: ['connection', 'operation'] as const,
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30],
    registers,
  });
  const apiErrors = new Counter({
    name: 'qiao_api_call_errors_total',
    help: 'Failed calls to vendor APIs, per connection, operation and error code',
    labelNames: ['connection', 'operation', 'code'] as const,
    registers,
  });

  new Gauge({
    name: 'qiao_queue_depth',
    help: 'Records waiting for a write (pending + failed + parked), per scheme',
    labelNames: ['scheme'] as const,
    registers,
    async collect() {
      this.reset();
      const [schemes, counts] = await Promise.all([engine.listSchemes(), engine.ledger.countByStatus()]);
      for (const s of schemes) this.set({ scheme: s.id }, 0);
      for (const { schemeId, counts: c } of counts)
        this.set({ scheme: schemeId }, (c.pending ?? 0) + (c.failed ?? 0) + (c.parked ?? 0));
    },
  });
  new Gauge({
    name: 'qiao_records',
    help: 'Ledger records per scheme and status',
    labelNames: ['scheme', 'status'] as const,
    registers,
    async collect() {
      this.reset();
      for (const { schemeId, counts } of await engine.ledger.countByStatus()) {
        for (const status of RECORD_STATUSES) this.set({ scheme: schemeId, status }, counts[status] ?? 0);
      }
    },
  });
  new Gauge({
    name: 'qiao_scheme_up',
    help: '1 when the latest finished run of the scheme succeeded (fully or partly), 0 when it failed or was aborted; absent before the first run',
    labelNames: ['scheme'] as const,
    registers,
    async collect() {
      this.reset();
      for (const s of await engine.listSchemes()) {
        const latest = (await engine.ledger.listRuns({ schemeId: s.id, limit: 5 })).find((r) => r.status !== 'running');
        if (latest) this.set({ scheme: s.id }, latest.status === 'succeeded' || latest.status === 'partial' ? 1 : 0);
      }
    },
  });
  new Gauge({
    name: 'qiao_scheme_last_success_timestamp_seconds',
    help: 'Unix time (seconds) the last successful run of the scheme finished; absent when none has',
    labelNames: ['scheme'] as const,
    registers,
    async collect() {
      this.reset();
      for (const s of await engine.listSchemes()) {
        const run = await engine.ledger.lastSuccessfulRun(s.id);
        const at = run?.finishedAt ?? run?.startedAt;
        if (at) this.set({ scheme: s.id }, Date.parse(at) / 1000);
      }
    },
  });
  new Gauge({
    name: 'qiao_scheme_enabled',
    help: '1 when the scheme is enabled (scheduled), else 0',
    labelNames: ['scheme'] as const,
    registers,
    async collect() {
      this.reset();
      for (const s of await engine.listSchemes()) this.set({ scheme: s.id }, s.enabled ? 1 : 0);
    },
  });

  const onRunFinished = (run: RunRecord): void => {
    const scheme = run.schemeId;
    rowsRead.inc({ scheme }, run.counts.read);
    documentsRead.inc({ scheme }, run.counts.documents);
    written.inc({ scheme }, run.counts.pushed);
    skipped.inc({ scheme }, run.counts.skipped);
    failed.inc({ scheme }, run.counts.failed);
    runs.inc({ scheme, status: run.status });
    if (run.durationMs !== null) runDuration.observe({ scheme, status: run.status }, run.durationMs / 1000);
  };
  const onApiCall = (...[event]: EngineEvents['api.call']): void => {
    const labels = { connection: event.connection, operation: event.operation };
    apiLatency.observe(labels, event.durationMs / 1000);
    if (!event.ok) apiErrors.inc({ ...labels, code: event.errorCode ?? 'unknown' });
  };
  engine.events.on('run.finished', onRunFinished);
  engine.events.on('api.call', onApiCall);

  return {
    registry,
    contentType: registry.contentType,
    render: () => registry.metrics(),
    dispose() {
      engine.events.off('run.finished', onRunFinished);
      engine.events.off('api.call', onApiCall);
    },
  };
}
