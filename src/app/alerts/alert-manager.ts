import { type Logger, sinkLogger } from '../../core/logger.js';
import type { Engine } from '../../runtime/engine.js';
import type { EngineEvents } from '../../runtime/engine-events.js';
import type { RunRecord } from '../../ledger/ledger.js';
import { checkCondition } from './alert-conditions.js';
import { normalizeAlertRules, type AlertRule, type AlertsConfig } from './alert-rules.schema.js';
import type { AlertChannel, AlertNotification, FetchLike } from './channels/alert-channel.js';
import { createAlertChannel } from './channels/create-channel.js';

/** One message the manager produced, as GET /api/alerts lists it. */
export interface AlertRecord {
  at: string;
  rule: string;
  ruleType: string;
  schemeId: string;
  state: AlertNotification['state'];
  message: string;
  /** Whether every channel accepted it. */
  delivered: boolean;
  errors?: string[];
}

/** A rule as the API shows it: channel targets masked, secrets absent. */
export type PublicAlertRule = Omit<AlertRule, 'channels'> & {
  channels: Array<{ type: string; target: string; signed?: boolean }>;
};

export interface AlertManagerOptions {
  engine: Pick<Engine, 'events' | 'ledger' | 'listSchemes'>;
  /** The `alerts:` list of qiao.yaml, already validated with `alertsConfigSchema`. */
  rules: AlertsConfig;
  /** How often time-based rules are evaluated (milliseconds); default 60 000. */
  evaluateIntervalMs?: number;
  now?: () => Date;
  fetch?: FetchLike;
  logger?: Logger;
  /** How many produced messages `recent()` keeps; default 200. */
  recentLimit?: number;
}

interface Incident {
  since: Date;
  lastSentAt: Date | null;
  /** Channels (by index) that have not yet accepted the current message. */
  undelivered: Set<number>;
  /** What the channels in `undelivered` still have to be told. */
  pendingState: AlertNotification['state'];
  title: string;
}

/**
 * Watches the engine and sends alerts. One incident (rule + scheme) gives one message while it
 * lasts (again only after `renotifyMinutes`), then one "resolved" message. Failed deliveries are
 * retried at the next evaluation, to the channels that missed them only.
 */
export class AlertManager {
  private readonly rules: AlertRule[];
  private readonly channels = new Map<string, AlertChannel[]>();
  private readonly incidents = new Map<string, Incident>();
  private readonly log: AlertRecord[] = [];
  private readonly now: () => Date;
  private readonly logger: Logger;
  private readonly watchingSince: Date;
  private queue: Promise<void> = Promise.resolve();
  private readonly queued = new Set<string>();
  private readonly runHints = new Map<string, RunRecord>();
  private timer: NodeJS.Timeout | null = null;

  private readonly onRunFinished = (run: RunRecord): void => {
    this.runHints.set(run.schemeId, run);
    void this.evaluate(run.schemeId);
  };
  private readonly onRecordFailed = (...[event]: EngineEvents['record.failed']): void => {
    if (event.status === 'dead') void this.evaluate(event.schemeId);
  };

  constructor(private readonly options: AlertManagerOptions) {
    this.rules = normalizeAlertRules(options.rules).filter((r) => r.enabled);
    this.now = options.now ?? (() => new Date());
    this.logger = options.logger ?? sinkLogger((level, obj, msg) => level === 'warn' && console.warn(msg, obj));
    this.watchingSince = this.now();
    for (const rule of this.rules)
      this.channels.set(
        rule.id,
        rule.channels.map((c) => createAlertChannel(c, options.fetch)),
      );
  }

  /** Subscribes to the engine's events and starts the periodic evaluation. */
  start(): void {
    if (this.timer || this.rules.length === 0) return;
    this.options.engine.events.on('run.finished', this.onRunFinished);
    this.options.engine.events.on('record.failed', this.onRecordFailed);
    this.timer = setInterval(() => void this.evaluate(), this.options.evaluateIntervalMs ?? 60_000);
    this.timer.unref();
  }

  /** Unsubscribes, stops the timer and waits for messages being sent. */
  async stop(): Promise<void> {
    this.options.engine.events.off('run.finished', this.onRunFinished);
    this.options.engine.events.off('record.failed', this.onRecordFailed);
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.idle();
  }

  /** Evaluates every rule for one scheme (or all); evaluations run one at a time, duplicates coalesce. */
  evaluate(schemeId?: string): Promise<void> {
    const key = schemeId ?? '*';
    if (this.queued.has(key)) return this.queue;
    this.queued.add(key);
    this.queue = this.queue
      .then(() => {
        this.queued.delete(key);
        return this.evaluateNow(schemeId);
      })
      .catch((error: unknown) => this.logger.warn({ err: String(error) }, 'alert evaluation failed'));
    return this.queue;
  }

  /** Resolves when no evaluation or delivery is in progress. */
  async idle(): Promise<void> {
    let current: Promise<void>;
    do {
      current = this.queue;
      await current;
    } while (current !== this.queue);
  }

  listRules(): PublicAlertRule[] {
    return this.rules.map((rule) => ({
      ...rule,
      channels: rule.channels.map((c, i) => ({
        type: c.type,
        target: this.channels.get(rule.id)![i]!.target,
        ...('secret' in c ? { signed: !!c.secret } : {}),
      })),
    }));
  }

  /** Messages produced, newest first. */
  recent(): AlertRecord[] {
    return [...this.log].reverse();
  }

  /** Open incidents, for the dashboard and tests. */
  openIncidents(): Array<{ rule: string; schemeId: string; since: string; title: string }> {
    return [...this.incidents].map(([key, i]) => {
      const [rule, schemeId] = key.split('\u0000') as [string, string];
      return { rule, schemeId, since: i.since.toISOString(), title: i.title };
    });
  }

  private async evaluateNow(schemeId?: string): Promise<void> {
    const all = await this.options.engine.listSchemes();
    const schemes = schemeId ? all.filter((s) => s.id === schemeId) : all;
    const now = this.now();
    const latestRun = schemeId ? this.runHints.get(schemeId) : undefined;
    if (schemeId) this.runHints.delete(schemeId);
    for (const rule of this.rules) {
      for (const scheme of schemes) {
        if (rule.schemes && !rule.schemes.includes(scheme.id)) continue;
        const result = await checkCondition(rule, scheme, {
          ledger: this.options.engine.ledger,
          now,
          watchingSince: this.watchingSince,
          latestRun,
        });
        const key = `${rule.id}\u0000${scheme.id}`;
        const incident = this.incidents.get(key);
        const channelCount = rule.channels.length;
        if (result.firing) {
          const text = result.facts.join('\n');
          const title = `[qiao] 告警 · 方案 ${scheme.id}: ${result.headline}`;
          if (!incident) {
            const opened: Incident = {
              since: now,
              lastSentAt: null,
              undelivered: new Set([...Array(channelCount).keys()]),
              pendingState: 'firing',
              title,
            };
            this.incidents.set(key, opened);
            await this.notify(rule, scheme.id, opened, 'firing', title, text, now);
          } else if (incident.undelivered.size > 0) {
            await this.notify(rule, scheme.id, incident, incident.pendingState, title, text, now);
          } else if (
            rule.renotifyMinutes !== undefined &&
            incident.lastSentAt &&
            now.getTime() - incident.lastSentAt.getTime() >= rule.renotifyMinutes * 60_000
          ) {
            incident.undelivered = new Set([...Array(channelCount).keys()]);
            incident.pendingState = 'reminder';
            await this.notify(rule, scheme.id, incident, 'reminder', title, text, now);
          }
        } else if (incident) {
          this.incidents.delete(key);
          // Nobody heard about an incident whose firing message never got through: no "resolved" either.
          if (rule.sendResolved && incident.lastSentAt) {
            incident.undelivered = new Set([...Array(channelCount).keys()]);
            const title = `[qiao] 已恢复 · 方案 ${scheme.id}: ${result.headline}`;
            await this.notify(
              rule,
              scheme.id,
              incident,
              'resolved',
              title,
              `- 持续 Lasted: ${incident.since.toISOString()} → ${now.toISOString()}\n${result.facts.join('\n')}`,
              now,
            );
          }
        }
      }
    }
  }

  private async notify(
    rule: AlertRule,
    schemeId: string,
    incident: Incident,
    state: AlertNotification['state'],
    title: string,
    text: string,
    now: Date,
  ): Promise<void> {
    const notification: AlertNotification = {
      state,
      ruleId: rule.id,
      ruleType: rule.type,
      schemeId,
      title,
      text,
      since: incident.since.toISOString(),
      at: now.toISOString(),
    };
    const channels = this.channels.get(rule.id)!;
    const targets = [...incident.undelivered];
    const results = await Promise.allSettled(targets.map((i) => channels[i]!.send(notification)));
    const errors: string[] = [];
    results.forEach((r, n) => {
      const index = targets[n]!;
      if (r.status === 'fulfilled') incident.undelivered.delete(index);
      else {
        const message = r.reason instanceof Error ? r.reason.message : String(r.reason);
        errors.push(message);
        this.logger.warn(
          {
            rule: rule.id,
            scheme: schemeId,
            channel: channels[index]!.type,
            target: channels[index]!.target,
            error: message,
          },
          'alert delivery failed; will retry at the next evaluation',
        );
      }
    });
    if (incident.undelivered.size < targets.length || targets.length === 0) incident.lastSentAt = now;
    this.log.push({
      at: now.toISOString(),
      rule: rule.id,
      ruleType: rule.type,
      schemeId,
      state,
      message: title,
      delivered: errors.length === 0,
      ...(errors.length ? { errors } : {}),
    });
    if (this.log.length > (this.options.recentLimit ?? 200)) this.log.shift();
  }
}
