import { ConfigError } from '../../core/errors.js';
import { z } from 'zod';

const webhookUrl = z.url({ protocol: /^https?$/, error: 'Expected an http(s) webhook URL' });

/** Generic webhook: POSTs the alert as JSON (see AlertNotification). */
export const webhookChannelSchema = z
  .object({ type: z.literal('webhook'), url: webhookUrl, headers: z.record(z.string(), z.string()).optional() })
  .strict();

/** DingTalk group robot (钉钉自定义机器人), markdown message; `secret` is the "SEC…" 加签 key. */
export const dingtalkChannelSchema = z
  .object({
    type: z.literal('dingtalk'),
    url: webhookUrl.describe('https://oapi.dingtalk.com/robot/send?access_token=…'),
    secret: z.string().min(1).optional(),
    atMobiles: z.array(z.string()).optional(),
    atAll: z.boolean().optional(),
  })
  .strict();

/** WeCom group robot (企业微信群机器人), markdown message. */
export const wecomChannelSchema = z
  .object({
    type: z.literal('wecom'),
    url: webhookUrl.describe('https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…'),
  })
  .strict();

/** Feishu/Lark custom bot (飞书自定义机器人), text or interactive card; `secret` enables 签名校验. */
export const feishuChannelSchema = z
  .object({
    type: z.literal('feishu'),
    url: webhookUrl.describe('https://open.feishu.cn/open-apis/bot/v2/hook/…'),
    secret: z.string().min(1).optional(),
    format: z.enum(['text', 'interactive']).default('text'),
  })
  .strict();

export const alertChannelSchema = z.discriminatedUnion('type', [
  webhookChannelSchema,
  dingtalkChannelSchema,
  wecomChannelSchema,
  feishuChannelSchema,
]);
export type AlertChannelConfig = z.infer<typeof alertChannelSchema>;

const common = {
  /** Stable name of the rule (used for de-duplication and shown in messages); default `<type>#<index>`. */
  id: z.string().min(1).max(100).optional(),
  /** Scheme id(s) the rule watches; omitted or "*" = every scheme. */
  scheme: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]).optional(),
  channels: z.array(alertChannelSchema).min(1, 'Give the rule at least one channel'),
  /** Repeat an open incident's message this often (minutes); omitted = notify once until resolved. */
  renotifyMinutes: z.number().positive().optional(),
  /** Send a "resolved" message when the condition clears (default true). */
  sendResolved: z.boolean().default(true),
  enabled: z.boolean().default(true),
};

/** Fires while the latest finished run of a scheme failed, was aborted or found its target unavailable. */
export const runFailedRuleSchema = z.object({ type: z.literal('run_failed'), ...common }).strict();

/**
 * Fires while the latest finished run of a scheme ended `target_unavailable` (the target
 * connection stayed down; its documents wait). run_failed fires for it too: this rule is for
 * sending outages to other people or channels.
 */
export const targetUnavailableRuleSchema = z.object({ type: z.literal('target_unavailable'), ...common }).strict();

/** Fires while a scheme has at least `threshold` dead records (retries exhausted). */
export const documentsDeadRuleSchema = z
  .object({ type: z.literal('documents_dead'), threshold: z.number().int().min(1).default(1), ...common })
  .strict();

/**
 * Fires while succeeded / (succeeded + failed + dead) among records updated in the last
 * `windowMinutes` is below `threshold` (a ratio: 0.95 = 95 %), once at least `minDocuments` ended.
 */
export const successRateBelowRuleSchema = z
  .object({
    type: z.literal('success_rate_below'),
    threshold: z.number().min(0).max(1, 'threshold is a ratio between 0 and 1, e.g. 0.95 for 95 %'),
    windowMinutes: z.number().positive().default(60),
    minDocuments: z.number().int().min(1).default(1),
    ...common,
  })
  .strict();

/** Fires while an enabled scheme has had no successful run for `minutes`. */
export const noSuccessForRuleSchema = z
  .object({ type: z.literal('no_success_for'), minutes: z.number().positive(), ...common })
  .strict();

export const alertRuleSchema = z.discriminatedUnion('type', [
  runFailedRuleSchema,
  targetUnavailableRuleSchema,
  documentsDeadRuleSchema,
  successRateBelowRuleSchema,
  noSuccessForRuleSchema,
]);
export type AlertRuleConfig = z.infer<typeof alertRuleSchema>;

/** The `alerts:` key of qiao.yaml: a list of rules, each with its own channels. */
export const alertsConfigSchema = z
  .array(alertRuleSchema)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      if (rule.id === undefined) return;
      if (seen.has(rule.id))
        ctx.addIssue({ code: 'custom', path: [index, 'id'], message: `Another rule already has the id "${rule.id}"` });
      seen.add(rule.id);
    });
  })
  .default([]);
export type AlertsConfig = z.infer<typeof alertsConfigSchema>;

/** A rule with its id settled and its scope as a list (null = all schemes). */
export type AlertRule = AlertRuleConfig & { id: string; schemes: string[] | null };

/** Gives every rule its id (`<type>#<index>` unless named) and normalizes its scope. */
export function normalizeAlertRules(config: AlertsConfig): AlertRule[] {
  const rules = config.map((rule, index) => {
    const scope =
      rule.scheme === undefined || rule.scheme === '*'
        ? null
        : Array.isArray(rule.scheme)
          ? rule.scheme
          : [rule.scheme];
    return {
      ...rule,
      id: rule.id ?? `${rule.type}#${index + 1}`,
      schemes: scope?.includes('*') ? null : scope,
    };
  });
  const seen = new Set<string>();
  for (const r of rules) {
    if (seen.has(r.id))
      throw new ConfigError(
        `Two alert rules share the id "${r.id}"; give each rule in qiao.yaml's alerts: a different id.`,
        { code: 'alerts.duplicate_id' },
      );
    seen.add(r.id);
  }
  return rules;
}
