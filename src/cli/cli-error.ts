import { IntegrationError } from '../core/errors.js';

/** Prints an error for a human (or as one JSON line with --json) and returns the exit code. */
export function reportCliError(error: unknown, json: boolean): number {
  const payload =
    error instanceof IntegrationError
      ? { error: error.message, code: error.code, kind: error.kind, details: error.details }
      : { error: error instanceof Error ? error.message : String(error) };
  if (json) process.stdout.write(`${JSON.stringify(payload)}\n`);
  else process.stderr.write(`qiao: ${payload.error}\n`);
  return error instanceof IntegrationError && error.kind === 'config' ? 2 : 1;
}
