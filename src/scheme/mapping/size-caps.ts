import type { IntegrationError } from '../../core/errors.js';
import { recordError } from './mapping-error.js';

/**
 * Size caps on what an expression may build. A mapping builds one target payload; values far
 * beyond these are an accident or an attack, and native built-ins (`$pad`, `$join`, `$sort`, a
 * range) run them in one call the step guard cannot interrupt, so they are refused before they run.
 */
export interface SizeCaps {
  /** Longest string an expression step or built-in may produce (characters). Default 1,000,000. */
  maxStringLength: number;
  /** Longest array (sequence, range) an expression step or built-in may produce or take. Default 100,000. */
  maxArrayLength: number;
  /** Largest result of one expression, as JSON characters (estimated, strings shared or not). Default 16,000,000. */
  maxResultChars: number;
}

export const DEFAULT_SIZE_CAPS: SizeCaps = {
  maxStringLength: 1_000_000,
  maxArrayLength: 100_000,
  maxResultChars: 16_000_000,
};

/** A breached cap: a record error naming the cap, its value and what was asked for. */
export function capError(limit: keyof SizeCaps, max: number, what: string, size: number): IntegrationError {
  const unit = limit === 'maxArrayLength' ? 'elements' : 'characters';
  return recordError(
    'mapping.limit_exceeded',
    `${what} would be ${size.toLocaleString('en')} ${unit}, over the mapping limit of ${max.toLocaleString('en')} (${limit}); ` +
      'a mapping builds one payload — check the expression for a runaway size',
    { limit, max, size },
  );
}

/** Throws when a string or array is over its cap (called on every step result of the synchronous engine). */
export function checkSize(value: unknown, caps: SizeCaps, what: string): void {
  if (typeof value === 'string') {
    if (value.length > caps.maxStringLength)
      throw capError('maxStringLength', caps.maxStringLength, what, value.length);
  } else if (Array.isArray(value) && value.length > caps.maxArrayLength) {
    throw capError('maxArrayLength', caps.maxArrayLength, what, value.length);
  }
}

/**
 * An estimate of `value` as JSON, in characters, counted up to `limit` and no further: the walk
 * stops as soon as it passes `limit`, so its cost is bounded even when one huge string is shared
 * by 100,000 array slots (which costs little memory until serialised).
 */
export function jsonCharsOver(value: unknown, limit: number): number | undefined {
  let total = 0;
  const stack: unknown[] = [value];
  while (stack.length > 0) {
    const item = stack.pop();
    if (typeof item === 'string') total += item.length + 2;
    else if (Array.isArray(item)) {
      total += item.length + 2;
      for (let i = item.length - 1; i >= 0 && total <= limit; i--) stack.push(item[i]);
    } else if (item && typeof item === 'object') {
      total += 2;
      for (const key of Object.keys(item)) {
        total += key.length + 4;
        stack.push((item as Record<string, unknown>)[key]);
        if (total > limit) break;
      }
    } else total += 8;
    if (total > limit) return total;
  }
  return undefined;
}
