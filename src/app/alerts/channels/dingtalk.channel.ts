import { createHmac } from 'node:crypto';
import type { AlertChannel, AlertNotification, FetchLike } from './alert-channel.js';
import { maskWebhookUrl, postJson } from './post-json.js';

/**
 * DingTalk 加签: HMAC-SHA256 keyed with the secret over "<timestamp ms>\n<secret>", base64.
 * The robot rejects timestamps more than an hour off.
 */
export function dingtalkSign(secret: string, timestampMs: number): string {
  return createHmac('sha256', secret).update(`${timestampMs}\n${secret}`, 'utf8').digest('base64');
}

/** The webhook URL with `timestamp` and `sign` added (URLSearchParams does the URL-encoding). */
export function dingtalkSignedUrl(url: string, secret: string, timestampMs: number): string {
  const u = new URL(url);
  u.searchParams.set('timestamp', String(timestampMs));
  u.searchParams.set('sign', dingtalkSign(secret, timestampMs));
  return u.toString();
}

/** DingTalk group robot (钉钉自定义机器人): `msgtype: markdown`. */
export function dingtalkChannel(
  config: { url: string; secret?: string; atMobiles?: string[]; atAll?: boolean },
  fetchImpl: FetchLike,
  now: () => number = Date.now,
): AlertChannel {
  return {
    type: 'dingtalk',
    target: maskWebhookUrl(config.url),
    async send(n: AlertNotification) {
      const url = config.secret ? dingtalkSignedUrl(config.url, config.secret, now()) : config.url;
      const mentions = (config.atMobiles ?? []).map((m) => `@${m}`).join(' ');
      await postJson(fetchImpl, 'dingtalk', url, {
        msgtype: 'markdown',
        // The robot shows `title` in the chat list and `text` in the conversation.
        markdown: { title: n.title, text: `### ${n.title}\n\n${n.text}${mentions ? `\n\n${mentions}` : ''}` },
        at: { atMobiles: config.atMobiles ?? [], isAtAll: config.atAll ?? false },
      });
    },
  };
}
