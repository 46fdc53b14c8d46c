import type { SerializedError } from '../core/errors.js';
import type { RunRecord } from '../ledger/ledger.js';

/** Events the engine emits: alerts and metrics (composed in `app/`) subscribe to them. */
export interface EngineEvents {
  'run.started': [run: RunRecord];
  'run.finished': [run: RunRecord];
  'record.failed': [
    event: { schemeId: string; key: string; error: SerializedError; status: 'failed' | 'parked' | 'dead' },
  ];
  'api.call': [event: { connection: string; operation: string; durationMs: number; ok: boolean; errorCode?: string }];
}
