import type { AlertChannelConfig } from '../alert-rules.schema.js';
import type { AlertChannel, FetchLike } from './alert-channel.js';
import { dingtalkChannel } from './dingtalk.channel.js';
import { feishuChannel } from './feishu.channel.js';
import { webhookChannel } from './webhook.channel.js';
import { wecomChannel } from './wecom.channel.js';

/** Builds the sender for one configured channel. */
export function createAlertChannel(config: AlertChannelConfig, fetchImpl: FetchLike = fetch): AlertChannel {
  switch (config.type) {
    case 'webhook':
      return webhookChannel(config, fetchImpl);
    case 'dingtalk':
      return dingtalkChannel(config, fetchImpl);
    case 'wecom':
      return wecomChannel(config, fetchImpl);
    case 'feishu':
      return feishuChannel(config, fetchImpl);
  }
}
