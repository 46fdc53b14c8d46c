import { recordError } from './mapping-error.js';
import { capError, checkSize, jsonCharsOver, type SizeCaps } from './size-caps.js';

/** A JSONata function value as JSONata's `defineFunction` makes it. */
export interface JsonataFunction {
  _jsonata_function: true;
  implementation: (this: unknown, ...args: unknown[]) => unknown;
  signature?: unknown;
}

/**
 * JSONata's own functions that get size caps: every one that takes or builds a string or an array.
 * (`$lookup` is qiao's; `$now`/`$millis` take and build nothing large.)
 */
export const CAPPED_FUNCTIONS: readonly string[] = (
  'sum count max min average string substring substringBefore substringAfter lowercase uppercase length trim pad ' +
  'match contains replace split join formatNumber formatBase formatInteger parseInteger number boolean not map zip ' +
  'filter single reduce sift keys append exists spread merge reverse each error assert type sort shuffle distinct ' +
  'base64encode base64decode encodeUrlComponent encodeUrl decodeUrlComponent decodeUrl toMillis fromMillis clone'
).split(' ');

/** Functions no mapping may call: `$eval` compiles a new expression outside every limit and engine choice. */
export const FORBIDDEN_FUNCTIONS: readonly string[] = ['eval'];

/**
 * Replacements for JSONata's functions that refuse arguments over the caps before the native code
 * runs (and check what it built, for sizes that cannot be known in advance), plus `$eval` refused.
 * `original(name)` gives JSONata's own function; the wrapper keeps its signature, so JSONata
 * validates and converts arguments exactly as before and the wrapper sees the validated ones.
 */
export function cappedFunctions(
  original: (name: string) => JsonataFunction | undefined,
  caps: SizeCaps,
): Record<string, JsonataFunction> {
  const out: Record<string, JsonataFunction> = {};
  for (const name of CAPPED_FUNCTIONS) {
    const fn = original(name);
    if (!fn?.implementation) continue;
    const before = PRE_CHECKS[name];
    const native = fn.implementation;
    out[name] = {
      ...fn,
      implementation(this: unknown, ...args: unknown[]) {
        for (const arg of args) checkSize(arg, caps, `an argument of $${name}`);
        before?.(caps, args);
        const result = native.apply(this, args);
        if (result instanceof Promise) return result.then((value) => checked(value, caps, name));
        return checked(result, caps, name);
      },
    };
  }
  for (const name of FORBIDDEN_FUNCTIONS) {
    out[name] = {
      _jsonata_function: true,
      implementation() {
        throw recordError(
          'mapping.function_not_allowed',
          `$${name} is not available in qiao mappings: it would run an expression outside the mapping limits; write the expression itself instead`,
          { function: name },
        );
      },
    };
  }
  return out;
}

function checked(value: unknown, caps: SizeCaps, name: string): unknown {
  checkSize(value, caps, `the result of $${name}`);
  return value;
}

/** Sizes that follow from the arguments alone, refused before the native function allocates them. */
const PRE_CHECKS: Record<string, (caps: SizeCaps, args: unknown[]) => void> = {
  pad(caps, [, width, char]) {
    const padLength = Math.abs(Math.trunc(Number(width)));
    const charLength = typeof char === 'string' && char.length > 0 ? char.length : 1;
    // JSONata builds the padding as padLength copies of `char` before cutting it to size.
    const built = padLength * charLength;
    if (built > caps.maxStringLength) throw capError('maxStringLength', caps.maxStringLength, '$pad', built);
  },
  join(caps, [strings, separator]) {
    if (!Array.isArray(strings)) return;
    let size = Math.max(0, strings.length - 1) * (typeof separator === 'string' ? separator.length : 0);
    for (const s of strings) size += typeof s === 'string' ? s.length : 0;
    if (size > caps.maxStringLength) throw capError('maxStringLength', caps.maxStringLength, '$join', size);
  },
  append(caps, [a, b]) {
    const size = (Array.isArray(a) ? a.length : 1) + (Array.isArray(b) ? b.length : 1);
    if (size > caps.maxArrayLength) throw capError('maxArrayLength', caps.maxArrayLength, '$append', size);
  },
  string(caps, [value]) {
    if (typeof value === 'string') return;
    const size = jsonCharsOver(value, caps.maxStringLength);
    if (size !== undefined) throw capError('maxStringLength', caps.maxStringLength, '$string', size);
  },
  clone(caps, [value]) {
    const size = jsonCharsOver(value, caps.maxResultChars);
    if (size !== undefined) throw capError('maxResultChars', caps.maxResultChars, '$clone', size);
  },
  replace(caps, [text, pattern, replacement]) {
    if (typeof text !== 'string' || typeof replacement !== 'string') return; // a lambda's results are steps, checked
    const matches = countMatches(text, pattern);
    // Each `$n` in the replacement may copy up to the whole text.
    const dollars = replacement.split('$').length - 1;
    const size = text.length + matches * (replacement.length + dollars * text.length);
    if (size > caps.maxStringLength) throw capError('maxStringLength', caps.maxStringLength, '$replace', size);
  },
};

/** How many times `pattern` (a string, or JSONata's regex matcher) occurs in `text`. */
function countMatches(text: string, pattern: unknown): number {
  if (typeof pattern === 'string') {
    if (pattern === '') return 0; // JSONata refuses it with its own error
    let count = 0;
    for (let at = text.indexOf(pattern); at !== -1; at = text.indexOf(pattern, at + pattern.length)) count++;
    return count;
  }
  if (typeof pattern !== 'function') return 0;
  let count = 0;
  type Match = { next(): Match | undefined } | undefined;
  try {
    for (let m = (pattern as (s: string) => Match)(text); m && count <= text.length; m = m.next()) count++;
  } catch {
    // A zero-length match: JSONata's own replace reports it.
  }
  return count;
}
