import type { MasterData } from '../../simulator-kit/master-data.js';
import { parseKdDate } from './sim-clock.js';
import type { FieldDef, Value } from './sim-forms.js';
import type { SimStore } from './sim-store.js';

/** Behaviours the reference marks UNCERTAIN, switchable per simulator. */
export interface WriteOptions {
  /** Audit accepts only submitted (B) bills; when false A/D can be audited directly. Default true. */
  auditRequiresSubmit: boolean;
  /** Save on an audited sales order applies it as a change after audit (version bump) instead of failing with MsgCode 11. Default false. */
  allowSaveAudited: boolean;
  /** Audit/UnAudit also set FModifyDate. Default false (hence clients OR FApproveDate into incremental filters). */
  auditTouchesModifyDate: boolean;
  /** Close/cancel/forbid/freeze operations also set FModifyDate. Default false. */
  stateOpsTouchModifyDate: boolean;
}

export const DEFAULT_WRITE_OPTIONS: WriteOptions = {
  auditRequiresSubmit: true,
  allowSaveAudited: false,
  auditTouchesModifyDate: false,
  stateOpsTouchModifyDate: false,
};

export interface WriteContext {
  store: SimStore;
  master: MasterData;
  /** SEC_User id of the calling session's user. */
  userId: number;
  /** Beijing wall-clock ms of this call. */
  now: number;
  options: WriteOptions;
}

/** Reads a key of a loosely-cased JSON object (`Numbers`/`numbers`, `FEntryID`/`FEntryId`). */
export function pick(obj: unknown, name: string): unknown {
  if (!obj || typeof obj !== 'object') return undefined;
  const key = Object.keys(obj).find((k) => k.toLowerCase() === name.toLowerCase());
  return key === undefined ? undefined : (obj as Record<string, unknown>)[key];
}

/** Booleans arrive as real booleans or as the strings the official samples show ("true"). */
export function truthy(v: unknown, fallback = false): boolean {
  if (v === undefined || v === null || v === '') return fallback;
  return v === true || v === 1 || ['true', '1'].includes(String(v).toLowerCase());
}

/** Converts a Save-model value to the field's stored type; returns an error text when it cannot. */
export function convertValue(store: SimStore, field: FieldDef, value: unknown): { value: Value } | { error: string } {
  switch (field.type) {
    case 'ref': {
      const id = store.resolveRef(field.ref ?? '', value);
      if (id === undefined) return { error: `字段“${field.key}”的值“${describe(value)}”在基础资料中不存在或未审核。` };
      return { value: id };
    }
    case 'int':
    case 'decimal': {
      if (value === null || value === '') return { value: 0 };
      const n = Number(value);
      return Number.isFinite(n)
        ? { value: field.type === 'int' ? Math.trunc(n) : n }
        : { error: `字段“${field.key}”的值“${describe(value)}”不是有效的数字。` };
    }
    case 'bool':
      return { value: truthy(value) };
    case 'date': {
      if (value === null || value === '') return { value: null };
      const ms = parseKdDate(String(value));
      return ms === undefined ? { error: `字段“${field.key}”的值“${describe(value)}”不是有效的日期。` } : { value: ms };
    }
    default:
      return {
        value:
          value === null || value === undefined || value === ''
            ? ' '
            : typeof value === 'object'
              ? JSON.stringify(value)
              : String(value),
      };
  }
}

function describe(value: unknown): string {
  if (value && typeof value === 'object') {
    const v = pick(value, 'FNumber') ?? pick(value, 'FName') ?? pick(value, 'FUserID') ?? JSON.stringify(value);
    return String(v);
  }
  return String(value);
}

export const STATUS_TEXT: Record<string, string> = { Z: '暂存', A: '创建', B: '审核中', C: '已审核', D: '重新审核' };
