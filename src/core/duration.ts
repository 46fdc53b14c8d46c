import { z } from 'zod';
import { ConfigError } from './errors.js';

const UNIT_MS = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
type Unit = keyof typeof UNIT_MS;

/** "7d", "36h", "90m", "30s", "250ms", "1.5h": a number and one unit, nothing else. */
const DURATION = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)\s*$/;

/**
 * A duration written for people (in scheme YAML) in milliseconds. Throws a ConfigError saying how
 * to write one; `durationSchema` already refuses such text when a scheme is validated.
 */
export function parseDuration(text: string): number {
  const match = DURATION.exec(text);
  if (!match)
    throw new ConfigError(`"${text}" is not a duration; write a number and a unit, e.g. 7d, 36h, 90m, 30s or 500ms`, {
      code: 'config.bad_duration',
      details: { value: text },
    });
  return Math.round(Number(match[1]) * UNIT_MS[match[2] as Unit]);
}

/** A duration setting: validated text such as "7d" (kept as written; `parseDuration` turns it into milliseconds). */
export const durationSchema = z
  .string()
  .regex(DURATION, 'Write a duration as a number and a unit: 7d, 36h, 90m, 30s or 500ms')
  .refine((text) => !DURATION.test(text) || parseDuration(text) > 0, 'A duration must be longer than 0');

const UNITS: ReadonlyArray<readonly [string, number]> = [
  ['d', UNIT_MS.d],
  ['h', UNIT_MS.h],
  ['min', UNIT_MS.m],
  ['s', UNIT_MS.s],
];

/** Milliseconds as people read an age or a limit: "7 d", "1 d 12 h", "1 h 30 min", "45 s", "250 ms". */
export function describeDuration(ms: number): string {
  const total = Math.max(0, Math.round(ms));
  const i = UNITS.findIndex(([, size]) => total >= size);
  if (i < 0) return `${total} ms`;
  const [unit, size] = UNITS[i]!;
  const text = `${Math.floor(total / size)} ${unit}`;
  // At most the next smaller unit as well ("1 d 12 h"), never a far one ("1 d 30 s").
  const next = UNITS[i + 1];
  const rest = next ? Math.floor((total % size) / next[1]) : 0;
  return rest > 0 && next ? `${text} ${rest} ${next[0]}` : text;
}
