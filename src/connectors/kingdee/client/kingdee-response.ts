import type { KingdeeErrorItem } from '../kingdee-errors.js';

/** `{Id, Number, DIndex}` of a document an operation handled (`SuccessEntitys`, sic). */
export interface KingdeeSuccessEntity {
  id: number | string;
  number: string;
  dIndex: number | null;
}

/** `Result.ResponseStatus`, normalised (string booleans/numbers coerced, missing arrays empty). */
export interface KingdeeResponseStatus {
  isSuccess: boolean;
  errorCode?: number | string;
  /** 0 when absent. */
  msgCode: number;
  errors: KingdeeErrorItem[];
  successEntities: KingdeeSuccessEntity[];
  successMessages: KingdeeErrorItem[];
}

/**
 * Every reply shape the WebAPI uses, told apart by content (never by HTTP status or content type):
 * - `exception`: plain text starting `response_error:`
 * - `status`: `{Result:{ResponseStatus}}`, also wrapped as `[{…}]` or `[[{…}]]` (query errors)
 * - `errorList`: a bare `[{FieldName, Message, DIndex}]` error list (seen for BillQuery)
 * - `unparseable`: empty, truncated or non-JSON
 * - `data`: anything else (query rows, LoginResult, data-centre list, `true`)
 */
export type KingdeeReply =
  | { kind: 'exception'; message: string }
  | {
      kind: 'status';
      status: KingdeeResponseStatus;
      result: Record<string, unknown>;
      wrapping: 'object' | 'array' | 'nested';
    }
  | { kind: 'errorList'; errors: KingdeeErrorItem[] }
  | { kind: 'unparseable'; reason: string }
  | {
      kind: 'data';
      value: unknown;
      /** Set by the caller when the body held bytes that are not UTF-8 (decoded as U+FFFD): byte offset of the first. */
      invalidUtf8At?: number;
    };

const EXCEPTION_PREFIX = 'response_error:';

/** Parses one reply body. Cheap on the hot path: row pages are recognised by their first element. */
export function parseKingdeeReply(text: string): KingdeeReply {
  const start = firstNonSpace(text);
  if (start < 0) return { kind: 'unparseable', reason: 'empty body' };
  if (text.startsWith(EXCEPTION_PREFIX, start))
    return { kind: 'exception', message: exceptionMessage(text.slice(start + EXCEPTION_PREFIX.length)) };
  let value: unknown;
  try {
    value = JSON.parse(start === 0 ? text : text.slice(start));
  } catch (error) {
    return { kind: 'unparseable', reason: error instanceof Error ? error.message : 'invalid JSON' };
  }
  return classifyValue(value);
}

/** Classifies an already-parsed reply value. */
export function classifyValue(value: unknown): KingdeeReply {
  if (Array.isArray(value)) {
    if (value.length === 0) return { kind: 'data', value };
    const first = value[0];
    if (Array.isArray(first)) {
      const inner = first[0];
      if (first.length > 0 && isStatusWrapper(inner)) return statusReply(inner, 'nested');
      return { kind: 'data', value };
    }
    if (isStatusWrapper(first)) return statusReply(first, 'array');
    if (isErrorItem(first)) return { kind: 'errorList', errors: value.filter(isErrorItem).map(normaliseItem) };
    return { kind: 'data', value };
  }
  if (isStatusWrapper(value)) return statusReply(value, 'object');
  return { kind: 'data', value };
}

function statusReply(
  wrapper: { Result: Record<string, unknown> },
  wrapping: 'object' | 'array' | 'nested',
): KingdeeReply {
  return { kind: 'status', status: normaliseStatus(wrapper.Result.ResponseStatus), result: wrapper.Result, wrapping };
}

function isStatusWrapper(v: unknown): v is { Result: Record<string, unknown> } {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const result = (v as { Result?: unknown }).Result;
  return (
    !!result &&
    typeof result === 'object' &&
    !Array.isArray(result) &&
    'ResponseStatus' in result &&
    !!(result as { ResponseStatus?: unknown }).ResponseStatus
  );
}

function isErrorItem(v: unknown): v is Record<string, unknown> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return false;
  const o = v as Record<string, unknown>;
  return typeof o.Message === 'string' && 'FieldName' in o && 'DIndex' in o && Object.keys(o).length <= 4;
}

function asBoolean(v: unknown): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

function asInt(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
  return null;
}

function normaliseItem(raw: unknown): KingdeeErrorItem {
  const o = (raw && typeof raw === 'object' ? raw : { Message: String(raw) }) as Record<string, unknown>;
  const fieldName = typeof o.FieldName === 'string' && o.FieldName.trim() !== '' ? o.FieldName : null;
  return { fieldName, message: o.Message == null ? '' : String(o.Message), dIndex: asInt(o.DIndex) };
}

/** Normalises a raw `ResponseStatus` object. */
export function normaliseStatus(raw: unknown): KingdeeResponseStatus {
  const o = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>;
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
  const errorCode = o.ErrorCode === '' || o.ErrorCode == null ? undefined : (o.ErrorCode as number | string);
  return {
    isSuccess: asBoolean(o.IsSuccess),
    errorCode,
    msgCode: asInt(o.MsgCode) ?? 0,
    errors: list(o.Errors).map(normaliseItem),
    successEntities: list(o.SuccessEntitys).map((e) => {
      const x = (e ?? {}) as Record<string, unknown>;
      return {
        id: (x.Id as number | string) ?? '',
        number: x.Number == null ? '' : String(x.Number),
        dIndex: asInt(x.DIndex),
      };
    }),
    successMessages: list(o.SuccessMessages).map(normaliseItem),
  };
}

/** Pulls `错误信息：<text>` out of the `response_error:` block; falls back to the whole (trimmed) text. */
function exceptionMessage(rest: string): string {
  const match = /错误信息[:：]\s*([^\r\n]*)/.exec(rest);
  if (match) return match[1]!.trim();
  const trimmed = rest.trim();
  if (trimmed.startsWith('{')) {
    try {
      const parsed = JSON.parse(trimmed) as { Message?: unknown };
      if (typeof parsed.Message === 'string') return parsed.Message;
    } catch {
      // Not JSON after all; keep the text.
    }
  }
  return trimmed.slice(0, 300);
}

function firstNonSpace(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 10 && c !== 13 && c !== 0xfeff) return i;
  }
  return -1;
}
