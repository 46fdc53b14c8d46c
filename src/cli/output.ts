/** Output helpers shared by CLI commands: JSON for machines, progress lines for humans on a TTY. */
export interface OutputOptions {
  json?: boolean;
}

/** Prints `data` as one JSON line with --json, otherwise calls `human` to print it. */
export function emit(data: unknown, options: OutputOptions, human: () => void): void {
  if (options.json) process.stdout.write(`${JSON.stringify(data)}\n`);
  else human();
}

/**
 * A one-line progress indicator on stderr, rewritten in place on a TTY and silent otherwise
 * (and always silent with --json), so pipes and logs stay clean.
 */
export function createProgress(options: OutputOptions): { update(text: string): void; done(text?: string): void } {
  const active = !options.json && process.stderr.isTTY === true;
  let last = 0;
  return {
    update(text) {
      if (!active) return;
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      process.stderr.write(`\r\x1b[2K${text}`);
    },
    done(text) {
      if (!active) return;
      process.stderr.write(`\r\x1b[2K${text ? `${text}\n` : ''}`);
    },
  };
}
