import type { FetchLike } from './alert-channel.js';

/** How long one webhook POST may take (milliseconds). */
export const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * `https://host/***`: a webhook URL without its path and query, where robots keep their tokens
 * (DingTalk `access_token=`, WeCom `key=`, Feishu `/hook/<token>`).
 */
export function maskWebhookUrl(url: string): string {
  try {
    return `${new URL(url).origin}/***`;
  } catch {
    return '***';
  }
}

/**
 * POSTs JSON and returns the parsed reply. Errors name the channel and masked target only; a
 * vendor-level failure (`errcode`/`code` ≠ 0 in a 200 reply) is an error too.
 */
export async function postJson(
  fetchImpl: FetchLike,
  channel: string,
  url: string,
  body: unknown,
  options: { headers?: Record<string, string>; checkVendorCode?: boolean } = {},
): Promise<unknown> {
  let response: Response;
  try {
    response = await fetchImpl(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json; charset=utf-8', ...options.headers },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
    });
  } catch (error) {
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no reply within ${WEBHOOK_TIMEOUT_MS} ms`
        : ((error as { cause?: { code?: string } }).cause?.code ?? 'network error');
    throw new Error(`${channel} webhook ${maskWebhookUrl(url)}: ${reason}`);
  }
  const text = await response.text().catch(() => '');
  if (!response.ok) throw new Error(`${channel} webhook ${maskWebhookUrl(url)}: HTTP ${response.status}`);
  let reply: unknown = text;
  try {
    reply = text ? JSON.parse(text) : null;
  } catch {
    return text;
  }
  if (options.checkVendorCode === false) return reply;
  const r = (reply ?? {}) as Record<string, unknown>;
  // DingTalk/WeCom answer {errcode, errmsg}; Feishu answers {code, msg} (older: {StatusCode}).
  const code = r.errcode ?? r.code ?? r.StatusCode;
  if (typeof code === 'number' && code !== 0) {
    const msg = String(r.errmsg ?? r.msg ?? r.StatusMessage ?? '').slice(0, 200);
    throw new Error(`${channel} robot refused the message: code ${code}${msg ? ` (${msg})` : ''}`);
  }
  return reply;
}
