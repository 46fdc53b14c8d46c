/** Fault switches; every counter is deterministic ("every Nth call"), never random. */
export interface KingdeeFaults {
  /** Every Nth authenticated business call finds its session lost (MsgCode 1 / 会话信息已丢失). */
  sessionExpiryEveryNCalls?: number;
  /** Every Nth business call answers MsgCode 14 (call limit exceeded). */
  callLimitEveryNCalls?: number;
  /** Every Nth business call answers MsgCode 13 (network-control conflict). */
  networkConflictEveryNCalls?: number;
  /** Every Nth call (any service) answers HTTP 502 with an nginx-style HTML body, without reaching the service. */
  proxy502EveryNCalls?: number;
  /** Every Nth call's body is cut mid-JSON (HTTP 200); the call itself has taken effect. */
  truncateEveryNCalls?: number;
  /** Every reply delayed this many milliseconds. */
  slowMs?: number;
  /**
   * An outage of a known length: the next N calls (any service) answer HTTP 502 like a proxy whose
   * server is down, then service resumes (counts down from when the faults are set).
   */
  outageNextNCalls?: number;
}

export type FaultKind = 'proxy502' | 'truncate' | 'callLimit' | 'networkConflict' | 'sessionExpiry';

const FIELD: Record<FaultKind, keyof KingdeeFaults> = {
  proxy502: 'proxy502EveryNCalls',
  truncate: 'truncateEveryNCalls',
  callLimit: 'callLimitEveryNCalls',
  networkConflict: 'networkConflictEveryNCalls',
  sessionExpiry: 'sessionExpiryEveryNCalls',
};

export const PROXY_502_BODY =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

/** Counts eligible calls per fault kind and says when the Nth one is due. */
export class FaultInjector {
  private faults: KingdeeFaults = {};
  private counters: Record<FaultKind, number> = {
    proxy502: 0,
    truncate: 0,
    callLimit: 0,
    networkConflict: 0,
    sessionExpiry: 0,
  };
  readonly fired: Record<FaultKind, number> = {
    proxy502: 0,
    truncate: 0,
    callLimit: 0,
    networkConflict: 0,
    sessionExpiry: 0,
  };

  constructor(faults: KingdeeFaults = {}) {
    this.set(faults);
  }

  /** Calls the current outage still fails. */
  private outageLeft = 0;

  /** Replaces the fault set; counters restart. */
  set(faults: KingdeeFaults): void {
    this.faults = { ...faults };
    for (const k of Object.keys(this.counters) as FaultKind[]) this.counters[k] = 0;
    this.outageLeft = Math.max(0, Math.floor(Number(faults.outageNextNCalls) || 0));
  }

  /** True while an outage lasts (each call uses up one of its calls). */
  outage(): boolean {
    if (this.outageLeft <= 0) return false;
    this.outageLeft--;
    return true;
  }

  get(): KingdeeFaults {
    return { ...this.faults };
  }

  get slowMs(): number {
    return Math.max(0, Number(this.faults.slowMs) || 0);
  }

  /** Counts one eligible call for `kind`; true when this is the Nth. */
  due(kind: FaultKind): boolean {
    const every = Math.floor(Number(this.faults[FIELD[kind]]) || 0);
    if (every <= 0) return false;
    this.counters[kind]++;
    if (this.counters[kind] % every !== 0) return false;
    this.fired[kind]++;
    return true;
  }
}

/** Validates a fault set from JSON (admin endpoint / CLI). Throws on unknown keys or non-numbers. */
export function parseFaults(input: unknown): KingdeeFaults {
  if (!input || typeof input !== 'object' || Array.isArray(input)) throw new Error('faults must be a JSON object');
  const allowed = new Set<string>([...Object.values(FIELD), 'slowMs', 'outageNextNCalls']);
  const out: KingdeeFaults = {};
  for (const [k, v] of Object.entries(input)) {
    if (!allowed.has(k)) throw new Error(`unknown fault '${k}'; known: ${[...allowed].join(', ')}`);
    if (v == null) continue;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`fault '${k}' must be a non-negative number`);
    (out as Record<string, number>)[k] = n;
  }
  return out;
}
