import { createHash } from 'node:crypto';
import { IntegrationError } from '../core/errors.js';

/**
 * JSON text that is identical for equal content: object keys sorted (by UTF-16 code units),
 * array order kept. Follows JSON.stringify otherwise: `toJSON()` is honoured (Dates become
 * ISO strings), undefined/function/symbol properties are dropped (and become null inside arrays),
 * NaN and ±Infinity become null. BigInt and circular structures throw (`hash.unsupported_value`).
 */
export function stableStringify(value: unknown): string {
  const out = write(value, new Set<object>(), '$');
  // JSON.stringify(undefined) is undefined; a hash input must be a string, so use JSON null.
  return out ?? 'null';
}

/** sha256 (lowercase hex, 64 chars) of `stableStringify(value)`; the ledger's payload hash. */
export function contentHash(value: unknown): string {
  return createHash('sha256').update(stableStringify(value), 'utf8').digest('hex');
}

function write(value: unknown, seen: Set<object>, path: string): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
    case 'bigint':
      throw unsupported(`a BigInt at ${path}`);
  }
  if (value === null) return 'null';
  const obj = value as object;
  if (seen.has(obj)) throw unsupported(`a circular reference at ${path}`);
  seen.add(obj);
  let text: string;
  if (Array.isArray(obj)) {
    text = `[${obj.map((item, i) => write(item, seen, `${path}[${i}]`) ?? 'null').join(',')}]`;
  } else {
    const parts: string[] = [];
    for (const key of Object.keys(obj).sort()) {
      const item = write((obj as Record<string, unknown>)[key], seen, `${path}.${key}`);
      if (item !== undefined) parts.push(`${JSON.stringify(key)}:${item}`);
    }
    text = `{${parts.join(',')}}`;
  }
  seen.delete(obj);
  return text;
}

function unsupported(what: string): IntegrationError {
  return new IntegrationError(
    `Cannot hash ${what}: payloads must be plain JSON values. Convert it (e.g. to a string) in the mapping.`,
    {
      code: 'hash.unsupported_value',
      kind: 'internal',
    },
  );
}
