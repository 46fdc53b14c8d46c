import type { LoadedSchemeInfo } from '../../runtime/engine.js';
import type { RunRecord, OperatorLedger } from '../../ledger/ledger.js';
import type { AlertRule } from './alert-rules.schema.js';
import { deadExamples } from './dead-examples.js';
import { recordSuccessRate } from './record-success-rate.js';

/** Whether a rule's condition holds for one scheme, and what to say about it. */
export interface ConditionResult {
  firing: boolean;
  /** Short statement of the problem, e.g. "运行失败 (run failed)". */
  headline: string;
  /** Markdown lines with the facts behind it. */
  facts: string[];
}

export interface ConditionContext {
  ledger: OperatorLedger;
  now: Date;
  /** When alerting started: the reference for `no_success_for` when a scheme never succeeded. */
  watchingSince: Date;
  /** The run just reported by `run.finished` (the store may lag behind the event). */
  latestRun?: RunRecord;
}

const pct = (r: number): string => `${(r * 100).toFixed(1)}%`;

async function latestFinishedRun(ctx: ConditionContext, schemeId: string): Promise<RunRecord | undefined> {
  if (ctx.latestRun?.schemeId === schemeId) return ctx.latestRun;
  return (await ctx.ledger.listRuns({ schemeId, limit: 10 })).find((r) => r.status !== 'running');
}

/** Evaluates one rule against one scheme's ledger. */
export async function checkCondition(
  rule: AlertRule,
  scheme: LoadedSchemeInfo,
  ctx: ConditionContext,
): Promise<ConditionResult> {
  switch (rule.type) {
    case 'run_failed': {
      const run = await latestFinishedRun(ctx, scheme.id);
      const firing = run?.status === 'failed' || run?.status === 'aborted' || run?.status === 'target_unavailable';
      const facts = run
        ? [`- 运行 Run: \`${run.id}\` (${run.status}, ${run.trigger})`, `- 开始 Started: ${run.startedAt}`]
        : ['- 尚无运行 No run yet'];
      if (run?.error) facts.push(`- 错误 Error: \`${run.error.code}\` ${run.error.message}`);
      return { firing, headline: '运行失败 (run failed)', facts };
    }
    case 'target_unavailable': {
      const run = await latestFinishedRun(ctx, scheme.id);
      const entry = (await ctx.ledger.countByStatus(scheme.id)).find((c) => c.schemeId === scheme.id);
      const waiting = entry ? entry.counts.pending + entry.counts.failed + entry.counts.writing : 0;
      const details = run?.error?.details ?? {};
      const facts = run
        ? [`- 运行 Run: \`${run.id}\` (${run.status}, ${run.trigger})`, `- 开始 Started: ${run.startedAt}`]
        : ['- 尚无运行 No run yet'];
      if (run?.status === 'target_unavailable') {
        facts.push(
          `- 连接 Connection: \`${String(details.connection ?? '?')}\` 自 since ${String(details.since ?? '?')}`,
        );
        if (run.error) facts.push(`- 错误 Error: \`${String(details.cause ?? run.error.code)}\` ${run.error.message}`);
        facts.push(`- 等待中 Waiting documents: **${waiting}** (不消耗重试次数 no tries used up)`);
      }
      return {
        firing: run?.status === 'target_unavailable',
        headline: '目标系统不可用 (target unavailable)',
        facts,
      };
    }
    case 'documents_dead': {
      const entry = (await ctx.ledger.countByStatus(scheme.id)).find((c) => c.schemeId === scheme.id);
      const dead = entry?.counts.dead ?? 0;
      return {
        firing: dead >= rule.threshold,
        headline: `死信记录 ${dead} 条 (dead records ≥ ${rule.threshold})`,
        facts: [
          `- 死信 Dead: **${dead}** (阈值 threshold ${rule.threshold})`,
          ...(dead > 0 ? await deadExamples(ctx.ledger, scheme.id) : []),
          `- 在控制台重试 Retry from the console or \`POST /api/schemes/${scheme.id}/retry\``,
        ],
      };
    }
    case 'success_rate_below': {
      const since = new Date(ctx.now.getTime() - rule.windowMinutes * 60_000);
      const r = await recordSuccessRate(ctx.ledger, scheme.id, since);
      const ended = r.succeeded + r.failed + r.dead;
      const firing = r.rate !== null && ended >= rule.minDocuments && r.rate < rule.threshold;
      return {
        firing,
        headline: `成功率 ${r.rate === null ? '-' : pct(r.rate)} 低于 ${pct(rule.threshold)} (success rate below threshold)`,
        facts: [
          `- 窗口 Window: ${rule.windowMinutes} 分钟 min`,
          `- 成功 Succeeded: ${r.succeeded}, 失败 Failed: ${r.failed}, 死信 Dead: ${r.dead}`,
          `- 成功率 Rate: **${r.rate === null ? '-' : pct(r.rate)}** (阈值 threshold ${pct(rule.threshold)})`,
        ],
      };
    }
    case 'no_success_for': {
      const last = await ctx.ledger.lastSuccessfulRun(scheme.id);
      const lastAt = last ? new Date(last.finishedAt ?? last.startedAt) : null;
      const reference = lastAt ?? ctx.watchingSince;
      const minutes = Math.floor((ctx.now.getTime() - reference.getTime()) / 60_000);
      // A disabled scheme is not expected to succeed; its silence is not an incident.
      const firing = scheme.enabled && ctx.now.getTime() - reference.getTime() >= rule.minutes * 60_000;
      return {
        firing,
        headline: `${rule.minutes} 分钟内没有成功运行 (no successful run for ${rule.minutes} min)`,
        facts: [
          `- 上次成功 Last success: ${lastAt ? lastAt.toISOString() : '从未 never'}`,
          `- 已过 Elapsed: ${minutes} 分钟 min`,
        ],
      };
    }
  }
}
