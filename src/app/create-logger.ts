import { pino, destination } from 'pino';
import type { Logger } from '../core/logger.js';
import { redact } from '../core/redact.js';

/**
 * A pino logger that masks secret-looking keys and every known secret value, wherever they appear.
 * Logs go to stderr so that stdout stays clean for `--json` output.
 */
export function createLogger(options: { level?: string; secrets?: readonly string[] } = {}): Logger {
  const secrets = options.secrets ?? [];
  return pino(
    {
      // The environment wins over qiao.yaml, so an operator can turn on debug logs for one command.
      level: process.env.QIAO_LOG_LEVEL ?? options.level ?? 'warn',
      base: undefined,
      formatters: { log: (object) => redact(object, secrets) },
      hooks: {
        logMethod(args, method) {
          const masked = args.map((a) => (typeof a === 'string' ? redact(a, secrets) : a));
          method.apply(this, masked as Parameters<typeof method>);
        },
      },
    },
    destination(2),
  ) as unknown as Logger;
}
