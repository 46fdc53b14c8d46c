import type { AlertChannel, AlertNotification, FetchLike } from './alert-channel.js';
import { maskWebhookUrl, postJson } from './post-json.js';

/** WeCom markdown content is limited to 4096 bytes; longer text is cut at a character boundary. */
const WECOM_MAX_BYTES = 4096;

function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text, 'utf8') <= maxBytes) return text;
  let out = '';
  for (const ch of text) {
    if (Buffer.byteLength(`${out + ch}…`, 'utf8') > maxBytes) break;
    out += ch;
  }
  return `${out}…`;
}

/** WeCom group robot (企业微信群机器人): `msgtype: markdown`. The URL's `key=` is the credential. */
export function wecomChannel(config: { url: string }, fetchImpl: FetchLike): AlertChannel {
  return {
    type: 'wecom',
    target: maskWebhookUrl(config.url),
    async send(n: AlertNotification) {
      const color = n.state === 'resolved' ? 'info' : 'warning';
      const content = truncateUtf8(`### <font color="${color}">${n.title}</font>\n${n.text}`, WECOM_MAX_BYTES);
      await postJson(fetchImpl, 'wecom', config.url, { msgtype: 'markdown', markdown: { content } });
    },
  };
}
