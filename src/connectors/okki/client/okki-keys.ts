import { ConfigError } from '../../../core/errors.js';
import { OkkiError } from '../okki-errors.js';
import type { QueryValue } from './okki-transport.js';

/** Picks exactly one identifier (e.g. order_id or order_no) from `key` for a query string. */
export function pick(key: object, names: readonly string[], method: string): Record<string, QueryValue> {
  const record = key as Record<string, unknown>;
  const present = names.filter((n) => record[n] !== undefined && record[n] !== null && record[n] !== '');
  if (present.length !== 1) {
    throw new ConfigError(`OkkiClient.${method} needs exactly one of ${names.join(' / ')}.`, {
      code: 'okki.bad_key',
      details: { method, keys: Object.keys(record) },
    });
  }
  return { [present[0]!]: String(record[present[0]!]) };
}

export function incompleteReply(path: string, field: string, cause?: unknown): OkkiError {
  return new OkkiError(
    `OKKI POST ${path} reported success without ${field}; the record may have been saved. Look it up before repeating the push.`,
    {
      code: 'okki.reply_incomplete',
      kind: 'outcome_unknown',
      details: { service: 'okki', operation: `POST ${path}`, missing: field },
      cause,
    },
  );
}
