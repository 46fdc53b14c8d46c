import { ConfigError, RecordRejectedError } from '../../../core/errors.js';
import type { OkkiId } from '../okki.types.js';

/**
 * Reading the fields an OKKI push body declares (ids, numbers, text) out of a mapped payload.
 * A mapping hands over `Record<string, unknown>`; these turn it into the client's input types and
 * fail the one record, naming the field, when a value is of a kind OKKI cannot take. Absent and
 * null both read as "not sent".
 */
export type MappedPayload = Record<string, unknown>;

/** Removes qiao-internal fields (names starting with "_") from a payload object. */
export function stripInternal(object: MappedPayload): MappedPayload {
  const out: MappedPayload = {};
  for (const [k, v] of Object.entries(object)) if (!k.startsWith('_')) out[k] = v;
  return out;
}

function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${JSON.stringify(value)}`;
}

/** Fails the record: the mapping produced something OKKI cannot take as `field`. */
export function wrongKind(where: string, field: string, expected: string, value: unknown): RecordRejectedError {
  return new RecordRejectedError(
    `OKKI ${where}: ${field} must be ${expected}, but the mapping produced ${kindOf(value)}; fix the scheme's mapping of ${field}.`,
    {
      code: 'okki.payload_invalid',
      details: { object: where, field, expected },
    },
  );
}

const absent = (value: unknown): value is null | undefined => value === undefined || value === null;

/** Whether `value` is a JSON object (not a list, not null). */
export function isRecord(value: unknown): value is MappedPayload {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An OKKI id: a number or a string. */
export function idField(value: unknown, where: string, field: string): OkkiId | undefined {
  if (absent(value)) return undefined;
  if (typeof value === 'number' || typeof value === 'string') return value;
  throw wrongKind(where, field, 'an id (number or text)', value);
}

/** Text; a number is taken as its decimal text (a bill number mapped as a number). */
export function textField(value: unknown, where: string, field: string): string | undefined {
  if (absent(value)) return undefined;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  throw wrongKind(where, field, 'text', value);
}

/** A quantity or amount: a number or numeric text, sent as given. */
export function amountField(value: unknown, where: string, field: string): number | string | undefined {
  if (absent(value)) return undefined;
  if (typeof value === 'number' || typeof value === 'string') return value;
  throw wrongKind(where, field, 'a number', value);
}

/** A list of objects (order lines, company contacts); absent reads as none. */
export function objectList(value: unknown, where: string, field: string): MappedPayload[] | undefined {
  if (absent(value)) return undefined;
  if (Array.isArray(value) && value.every(isRecord)) return value;
  throw wrongKind(where, field, 'a list of objects', value);
}

/** One of a few numeric codes (e.g. product_type 1/2/3); numeric text is accepted. */
export function codeField<C extends number>(
  value: unknown,
  codes: readonly C[],
  where: string,
  field: string,
): C | undefined {
  if (absent(value)) return undefined;
  const code = codes.find(
    (c) => (typeof value === 'number' || typeof value === 'string') && String(value).trim() === String(c),
  );
  if (code === undefined) throw wrongKind(where, field, `one of ${codes.join(', ')}`, value);
  return code;
}

/**
 * The one key a lookup query names (e.g. company_id or serial_id) and its value as text.
 * @throws ConfigError `okki.bad_key` when the query names neither or both.
 */
export function oneKey<K extends string>(query: MappedPayload, object: string, names: readonly [K, K]): [K, string] {
  const given = names.filter((name) => query[name] !== undefined && query[name] !== null && query[name] !== '');
  const name = given[0];
  if (given.length !== 1 || name === undefined) {
    throw new ConfigError(
      `OKKI ${object} lookups need exactly one of ${names.join(' / ')}; the scheme's lookup asks with ${Object.keys(query).join(', ') || 'nothing'}.`,
      {
        code: 'okki.bad_key',
        details: { object, keys: Object.keys(query) },
      },
    );
  }
  return [name, String(query[name])];
}
