import { createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startWebhookReceiver } from '../../../testing/webhook-receiver.js';
import type { AlertNotification } from './alert-channel.js';
import { createAlertChannel } from './create-channel.js';
import { dingtalkChannel, dingtalkSign } from './dingtalk.channel.js';
import { feishuChannel, feishuSign } from './feishu.channel.js';

let rx: Awaited<ReturnType<typeof startWebhookReceiver>>;
beforeEach(async () => {
  rx = await startWebhookReceiver();
});
afterEach(async () => {
  await rx.close();
});

const note: AlertNotification = {
  state: 'firing',
  ruleId: 'orders-failing',
  ruleType: 'run_failed',
  schemeId: 'sales-orders',
  title: '[qiao] 告警 · 方案 sales-orders: 运行失败',
  text: '- 错误 Error: `kingdee.auth_failed`',
  since: '2026-03-01T00:00:00.000Z',
  at: '2026-03-01T00:00:00.000Z',
};

describe('alert channels', () => {
  it('generic webhook POSTs the notification as JSON', async () => {
    await createAlertChannel({ type: 'webhook', url: `${rx.url}/hook`, headers: { 'X-Team': 'ops' } }).send(note);
    expect(rx.requests).toHaveLength(1);
    const [req] = rx.requests;
    expect(req!.method).toBe('POST');
    expect(req!.headers['content-type']).toContain('application/json');
    expect(req!.headers['x-team']).toBe('ops');
    expect(req!.body).toEqual({ source: 'qiao', ...note });
  });

  it('DingTalk: markdown message, timestamp (ms) and HMAC-SHA256 sign in the query', async () => {
    const secret = 'SECabc123-dingtalk-secret';
    const at = 1_767_225_600_123;
    await dingtalkChannel(
      { url: `${rx.url}/robot/send?access_token=tok-123`, secret, atMobiles: ['13800000000'] },
      fetch,
      () => at,
    ).send(note);
    const req = rx.requests[0]!;
    const query = new URL(req.url, rx.url).searchParams;
    expect(query.get('access_token')).toBe('tok-123');
    expect(query.get('timestamp')).toBe(String(at));
    // Independent check of the documented algorithm: key = secret, message = "timestamp\nsecret".
    const expected = createHmac('sha256', Buffer.from(secret, 'utf8'))
      .update(Buffer.from(`${at}\n${secret}`, 'utf8'))
      .digest('base64');
    expect(query.get('sign')).toBe(expected);
    expect(dingtalkSign(secret, at)).toBe(expected);
    expect(req.url).toContain(`sign=${encodeURIComponent(expected)}`);
    expect(req.body.msgtype).toBe('markdown');
    expect(req.body.markdown.title).toBe(note.title);
    expect(req.body.markdown.text).toContain('kingdee.auth_failed');
    expect(req.body.markdown.text).toContain('@13800000000');
    expect(req.body.at).toEqual({ atMobiles: ['13800000000'], isAtAll: false });
  });

  it('DingTalk without a secret sends no sign; a refusal in a 200 reply is an error without the token', async () => {
    rx.setReply(() => ({ status: 200, body: { errcode: 310000, errmsg: 'sign not match' } }));
    const err = await createAlertChannel({ type: 'dingtalk', url: `${rx.url}/robot/send?access_token=tok-secret-999` })
      .send(note)
      .catch((e: Error) => e);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toContain('310000');
    expect((err as Error).message).not.toContain('tok-secret-999');
    expect(new URL(rx.requests[0]!.url, rx.url).searchParams.has('sign')).toBe(false);
  });

  it('WeCom: markdown message with content', async () => {
    await createAlertChannel({ type: 'wecom', url: `${rx.url}/cgi-bin/webhook/send?key=wk-1` }).send({
      ...note,
      state: 'resolved',
    });
    const req = rx.requests[0]!;
    expect(req.url).toBe('/cgi-bin/webhook/send?key=wk-1');
    expect(req.body.msgtype).toBe('markdown');
    expect(req.body.markdown.content).toContain(note.title);
    expect(req.body.markdown.content).toContain('color="info"');
  });

  it('WeCom: long text is cut to 4096 bytes', async () => {
    await createAlertChannel({ type: 'wecom', url: `${rx.url}/w?key=k` }).send({ ...note, text: '长'.repeat(3000) });
    expect(Buffer.byteLength(rx.requests[0]!.body.markdown.content, 'utf8')).toBeLessThanOrEqual(4096);
  });

  it('Feishu: text message with timestamp (s) and sign keyed by "timestamp\\nsecret" over an empty string', async () => {
    const secret = 'feishu-sign-secret';
    const nowMs = 1_767_225_600_999;
    await feishuChannel(
      { url: `${rx.url}/open-apis/bot/v2/hook/hook-token`, secret, format: 'text' },
      fetch,
      () => nowMs,
    ).send(note);
    const body = rx.requests[0]!.body;
    expect(body.timestamp).toBe('1767225600');
    const expected = createHmac('sha256', Buffer.from(`1767225600\n${secret}`, 'utf8'))
      .update(Buffer.alloc(0))
      .digest('base64');
    expect(body.sign).toBe(expected);
    expect(feishuSign(secret, 1_767_225_600)).toBe(expected);
    expect(body.msg_type).toBe('text');
    expect(body.content.text).toContain(note.title);
  });

  it('Feishu: interactive card; code != 0 is an error', async () => {
    rx.setReply(() => ({
      status: 200,
      body: { code: 19021, msg: 'sign match fail or timestamp is not within one hour from current time' },
    }));
    const err = await createAlertChannel({
      type: 'feishu',
      url: `${rx.url}/open-apis/bot/v2/hook/hook-token-xyz`,
      format: 'interactive',
    })
      .send(note)
      .catch((e: Error) => e);
    expect((err as Error).message).toContain('19021');
    expect((err as Error).message).not.toContain('hook-token-xyz');
    const body = rx.requests[0]!.body;
    expect(body.msg_type).toBe('interactive');
    expect(body.card.header.title.content).toBe(note.title);
    expect(body.card.elements[0].text.content).toBe(note.text);
    expect(body).not.toHaveProperty('sign');
  });

  it('HTTP failures and unreachable hosts name only the masked target', async () => {
    rx.setReply(() => ({ status: 502, body: {} }));
    const channel = createAlertChannel({ type: 'webhook', url: `${rx.url}/hooks/very-secret-path?token=abc` });
    expect(channel.target).toBe(`${rx.url}/***`);
    await expect(channel.send(note)).rejects.toThrow(`webhook ${rx.url}/***: HTTP 502`);
    await rx.close();
    const down = await channel.send(note).catch((e: Error) => e);
    expect((down as Error).message).not.toContain('very-secret-path');
    rx = await startWebhookReceiver();
  });
});
