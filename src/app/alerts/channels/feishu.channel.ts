import { createHmac } from 'node:crypto';
import type { AlertChannel, AlertNotification, FetchLike } from './alert-channel.js';
import { maskWebhookUrl, postJson } from './post-json.js';

/**
 * Feishu 签名校验: HMAC-SHA256 keyed with "<timestamp s>\n<secret>" over an empty message,
 * base64 (the key/message order differs from DingTalk's). The bot rejects timestamps over an hour off.
 */
export function feishuSign(secret: string, timestampSeconds: number): string {
  return createHmac('sha256', `${timestampSeconds}\n${secret}`).update('').digest('base64');
}

function card(n: AlertNotification) {
  return {
    header: { title: { tag: 'plain_text', content: n.title }, template: n.state === 'resolved' ? 'green' : 'red' },
    elements: [{ tag: 'div', text: { tag: 'lark_md', content: n.text } }],
  };
}

/** Feishu custom bot (飞书自定义机器人): `msg_type: text` or `interactive` (a card). */
export function feishuChannel(
  config: { url: string; secret?: string; format?: 'text' | 'interactive' },
  fetchImpl: FetchLike,
  now: () => number = Date.now,
): AlertChannel {
  return {
    type: 'feishu',
    target: maskWebhookUrl(config.url),
    async send(n: AlertNotification) {
      const message =
        config.format === 'interactive'
          ? { msg_type: 'interactive', card: card(n) }
          : { msg_type: 'text', content: { text: `${n.title}\n${n.text}` } };
      let signature = {};
      if (config.secret) {
        const timestamp = Math.floor(now() / 1000);
        signature = { timestamp: String(timestamp), sign: feishuSign(config.secret, timestamp) };
      }
      await postJson(fetchImpl, 'feishu', config.url, { ...signature, ...message });
    },
  };
}
