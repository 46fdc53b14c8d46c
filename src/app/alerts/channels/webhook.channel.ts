import type { AlertChannel, AlertNotification, FetchLike } from './alert-channel.js';
import { maskWebhookUrl, postJson } from './post-json.js';

/** Generic webhook: POSTs `{ source: 'qiao', ...AlertNotification }` as JSON; any 2xx is delivered. */
export function webhookChannel(
  config: { url: string; headers?: Record<string, string> },
  fetchImpl: FetchLike,
): AlertChannel {
  return {
    type: 'webhook',
    target: maskWebhookUrl(config.url),
    async send(n: AlertNotification) {
      await postJson(
        fetchImpl,
        'webhook',
        config.url,
        { source: 'qiao', ...n },
        { headers: config.headers, checkVendorCode: false },
      );
    },
  };
}
