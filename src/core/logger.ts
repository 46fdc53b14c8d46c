/**
 * The one logging surface of qiao (a pino-compatible subset). Every layer logs through it; the pino
 * implementation with secret masking is composed in `app/create-logger.ts`.
 */
export interface Logger {
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: object): Logger;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/** A logger that passes every line to `sink` (with the bindings of its `child` calls merged in). */
export function sinkLogger(sink: (level: LogLevel, obj: object, msg?: string) => void, bindings: object = {}): Logger {
  const at = (level: LogLevel) => (obj: object, msg?: string) => sink(level, { ...bindings, ...obj }, msg);
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    child: (more) => sinkLogger(sink, { ...bindings, ...more }),
  };
}

/** Drops everything: the default where no logger is given (tests, library use). */
export const silentLogger: Logger = sinkLogger(() => undefined);
