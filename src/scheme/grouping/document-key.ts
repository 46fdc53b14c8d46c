/**
 * Longest document key accepted (characters). Bill numbers and ids are far shorter; the bound
 * keeps keys usable in URLs, logs and indexes whatever the source sends.
 */
export const MAX_DOCUMENT_KEY_LENGTH = 256;

/**
 * Prefix of the ledger keys of quarantined rows (rows whose key could not be read). Source keys
 * may not start with it, so a quarantined row can never collide with a real document.
 */
export const QUARANTINE_KEY_PREFIX = 'quarantined:';

/** Control, format (bidi overrides, zero-width), surrogate, private-use and line/paragraph separator characters. */
const UNPRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;

export type DocumentKeyCheck = { ok: true; key: string } | { ok: false; missing: boolean; problem: string };

/**
 * Turns a source value into a ledger key, or says why it cannot be one. A key must be text or a
 * number; numbers must be finite and, when whole, exact (a 400-digit id parses as Infinity, a
 * 20-digit one loses its last digits: both would merge unrelated documents); text must be
 * printable, at most MAX_DOCUMENT_KEY_LENGTH characters, and free of path separators, `..` and NUL,
 * because keys end up in URLs, file names of exports and log lines.
 */
export function checkDocumentKey(value: unknown): DocumentKeyCheck {
  if (value === undefined || value === null || value === '') return { ok: false, missing: true, problem: 'is empty' };
  if (typeof value === 'number') {
    if (!Number.isFinite(value))
      return {
        ok: false,
        missing: false,
        problem: `is the number ${value} (a number too large or not a number); select the key as text`,
      };
    if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
      return {
        ok: false,
        missing: false,
        problem: `is the number ${value}, too large to be exact (beyond ${Number.MAX_SAFE_INTEGER}); select the key as text`,
      };
    }
    return { ok: true, key: String(value) };
  }
  if (typeof value !== 'string') {
    const what = Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
    return { ok: false, missing: false, problem: `is ${what}, not text or a number` };
  }
  if (value.trim() === '') return { ok: false, missing: true, problem: 'is blank' };
  if (value.length > MAX_DOCUMENT_KEY_LENGTH)
    return {
      ok: false,
      missing: false,
      problem: `is ${value.length} characters long (at most ${MAX_DOCUMENT_KEY_LENGTH})`,
    };
  const bad = UNPRINTABLE.exec(value);
  if (bad)
    return {
      ok: false,
      missing: false,
      problem: `contains the unprintable character U+${bad[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')} at position ${bad.index + 1}`,
    };
  if (/[/\\]/.test(value)) return { ok: false, missing: false, problem: 'contains a path separator (/ or \\)' };
  if (value.includes('..')) return { ok: false, missing: false, problem: 'contains ".."' };
  if (value.startsWith(QUARANTINE_KEY_PREFIX))
    return {
      ok: false,
      missing: false,
      problem: `starts with "${QUARANTINE_KEY_PREFIX}", which qiao reserves for quarantined rows`,
    };
  return { ok: true, key: value };
}
