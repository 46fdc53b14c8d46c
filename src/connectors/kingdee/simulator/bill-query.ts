import { arrayFilterToText, DEFAULT_COMPARE_CODES } from './filter-array.js';
import { compileFilter, type FieldAccessor } from './filter-compile.js';
import { filterFieldKeys, FilterSyntaxError, parseFilterString } from './filter-string.parser.js';
import { formatKdDate } from './sim-clock.js';
import type { FieldType, Rec, SimDoc, Value } from './sim-forms.js';
import type { FormStore, SimStore } from './sim-store.js';

/** A business error answered inside `Result.ResponseStatus` (MsgCode per reference §1.5). */
export class KdBusinessError extends Error {
  constructor(
    readonly msgCode: number,
    message: string,
    readonly fieldName: string | null = null,
  ) {
    super(message);
    this.name = 'KdBusinessError';
  }
}

export interface QueryRow {
  doc: SimDoc;
  line: Rec | undefined;
}

interface Resolved extends FieldAccessor<QueryRow> {
  key: string;
  entity?: string;
}

export interface BillQueryOptions {
  /** Largest page (`Limit`); default 10000 (current docs; older servers: 2000). */
  maxLimit?: number;
  /** What `Limit > maxLimit` does: clamp to maxLimit (default) or answer MsgCode 8. */
  limitOverflow?: 'clamp' | 'error';
  /** Array-FilterString Compare code → operator; default DEFAULT_COMPARE_CODES. */
  compareCodes?: Record<string, string>;
  /** Accept `FCustId_FNumber` as an alias of `FCustId.FNumber` (integration platforms name columns that way); default true. */
  underscoreRefKeys?: boolean;
  /** Cached (form, filter, order) row indexes kept; default 32. */
  cacheSize?: number;
}

const int = (v: unknown, name: string): number => {
  if (v === undefined || v === null || v === '') return 0;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new KdBusinessError(8, `参数${name}的值“${String(v)}”不是有效的整数`);
  return Math.trunc(n);
};

/** ExecuteBillQuery / BillQuery over the store, with a cached filtered+sorted row index per (form, entity, filter, order). */
export class BillQueryEngine {
  private readonly cache = new Map<string, { version: number; rows: QueryRow[] }>();
  rowsServed = 0;

  constructor(
    private readonly store: SimStore,
    private readonly options: BillQueryOptions = {},
  ) {}

  /** Runs a query; returns the requested keys and positional rows. Throws KdBusinessError. */
  execute(data: Record<string, unknown>): { keys: string[]; rows: Value[][] } {
    const get = (name: string) => data[Object.keys(data).find((k) => k.toLowerCase() === name) ?? name];
    const formId = String(get('formid') ?? '').trim();
    if (!formId) throw new KdBusinessError(5, '表单标识FormId不能为空');
    const formStore = this.store.form(formId);
    if (!formStore) throw new KdBusinessError(4, `标识为“${formId}”的业务对象不存在，或者被删除。`);
    const rawKeys = get('fieldkeys');
    const keys = (Array.isArray(rawKeys) ? rawKeys.map(String) : String(rawKeys ?? '').split(','))
      .map((k) => k.trim())
      .filter(Boolean);
    if (keys.length === 0) throw new KdBusinessError(8, '查询字段FieldKeys不能为空');
    const rawFilter = get('filterstring');
    let filterText: string;
    try {
      filterText = Array.isArray(rawFilter)
        ? arrayFilterToText(rawFilter, this.options.compareCodes ?? DEFAULT_COMPARE_CODES)
        : String(rawFilter ?? '');
    } catch (error) {
      throw new KdBusinessError(8, `过滤条件FilterString无效：${(error as Error).message}`);
    }
    const orderText = String(get('orderstring') ?? '').trim();
    const columns = keys.map((k) => this.resolve(formStore, k));
    const rows = this.matchingRows(formStore, columns, filterText, orderText);
    const top = int(get('toprowcount'), 'TopRowCount');
    const start = Math.max(0, int(get('startrow'), 'StartRow'));
    let limit = int(get('limit'), 'Limit');
    const maxLimit = this.options.maxLimit ?? 10_000;
    if (limit > maxLimit) {
      if (this.options.limitOverflow === 'error') throw new KdBusinessError(8, `Limit不能超过${maxLimit}`);
      limit = maxLimit;
    }
    // TopRowCount caps the absolute window before paging (reference §3.6).
    const end = Math.min(top > 0 ? top : rows.length, limit > 0 ? start + limit : rows.length, rows.length);
    const out: Value[][] = [];
    for (let i = start; i < end; i++) {
      const row = rows[i]!;
      out.push(columns.map((c) => output(c.get(row), c.type)));
    }
    this.rowsServed += out.length;
    return { keys, rows: out };
  }

  private matchingRows(formStore: FormStore, columns: Resolved[], filterText: string, orderText: string): QueryRow[] {
    // biome-ignore lint/suspicious/noImplicitAnyLet: assigned once in the try below; TypeScript narrows it from it
    let filter;
    try {
      filter = parseFilterString(filterText);
    } catch (error) {
      if (error instanceof FilterSyntaxError)
        throw new KdBusinessError(8, `过滤条件“${filterText}”语法错误：${error.message}`);
      throw error;
    }
    const filterFields = filterFieldKeys(filter).map((k) => this.resolve(formStore, k));
    const order = orderText
      ? orderText.split(',').map((part) => {
          const m = /^\s*(\S+)(?:\s+(ASC|DESC))?\s*$/i.exec(part);
          if (!m) throw new KdBusinessError(8, `排序条件OrderString“${orderText}”无效`);
          return { field: this.resolve(formStore, m[1]!), desc: m[2]?.toUpperCase() === 'DESC' };
        })
      : [];
    const entities = new Set(
      [...columns, ...filterFields, ...order.map((o) => o.field)]
        .map((f) => f.entity)
        .filter((e): e is string => Boolean(e)),
    );
    if (entities.size > 1)
      throw new KdBusinessError(4, `不支持在一个查询中同时使用多个单据体（${[...entities].join('、')}）的字段`);
    const entity = [...entities][0];
    const cacheKey = `${formStore.def.formId}\u0000${entity ?? ''}\u0000${filterText.trim()}\u0000${orderText.toLowerCase()}`;
    const cached = this.cache.get(cacheKey);
    if (cached && cached.version === this.store.version) {
      this.cache.delete(cacheKey);
      this.cache.set(cacheKey, cached); // LRU refresh
      return cached.rows;
    }
    let predicate: (row: QueryRow) => boolean;
    try {
      predicate = compileFilter(filter, (key) => this.resolve(formStore, key));
    } catch (error) {
      if (error instanceof FilterSyntaxError)
        throw new KdBusinessError(8, `过滤条件“${filterText}”无效：${error.message}`);
      throw error;
    }
    const rows: QueryRow[] = [];
    for (const doc of formStore.docs) {
      if (entity) {
        for (const line of doc.entries[entity] ?? []) {
          const row = { doc, line };
          if (predicate(row)) rows.push(row);
        }
      } else {
        const row = { doc, line: undefined };
        if (predicate(row)) rows.push(row);
      }
    }
    const sorted = order.length ? sortRows(rows, order) : rows;
    this.cache.set(cacheKey, { version: this.store.version, rows: sorted });
    while (this.cache.size > (this.options.cacheSize ?? 32)) this.cache.delete(this.cache.keys().next().value!);
    return sorted;
  }

  /** Resolves a FieldKey (case-insensitive; dotted sub-properties; `<Entity>_FEntryID`) or throws MsgCode 9. */
  resolve(formStore: FormStore, key: string): Resolved {
    const store = this.store;
    const direct = formStore.fields.get(key);
    if (direct)
      return {
        key,
        entity: direct.entity,
        type: direct.type,
        get: (r) => store.read(formStore, direct, r.doc, r.line),
      };
    const dot = key.indexOf('.');
    let base: string | undefined, sub: string | undefined;
    if (dot > 0) {
      base = key.slice(0, dot);
      sub = key.slice(dot + 1);
    } else if (this.options.underscoreRefKeys !== false) {
      const m = /^(.+)_([A-Za-z]\w*)$/.exec(key);
      if (m && formStore.fields.get(m[1]!)?.type === 'ref') {
        base = m[1];
        sub = m[2];
      }
    }
    const refField = base ? formStore.fields.get(base) : undefined;
    if (refField?.type !== 'ref' || !refField.ref || !sub || !store.hasRefProp(refField.ref, sub)) {
      throw new KdBusinessError(9, `元数据中标识为${key}的字段不存在`, key);
    }
    const target = refField.ref,
      prop = sub;
    const targetForm = store.form(target);
    const type: FieldType =
      targetForm?.fields.get(prop)?.type ??
      (/^(fid|fmasterid)$/i.test(prop) ? 'int' : /rate$/i.test(prop) ? 'decimal' : 'text');
    const reader = store.refReader(target, prop);
    return { key, entity: refField.entity, type, get: (r) => reader(store.read(formStore, refField, r.doc, r.line)) };
  }
}

const dateText = new Map<number, string>();

function output(v: Value, type: FieldType): Value {
  if (type !== 'date') return v;
  if (typeof v !== 'number') return v ?? null;
  let text = dateText.get(v);
  if (text === undefined) {
    // lines of one order share their header dates; a bounded memo avoids re-formatting them
    if (dateText.size > 200_000) dateText.clear();
    dateText.set(v, (text = formatKdDate(v)));
  }
  return text;
}

function sortRows(rows: QueryRow[], order: Array<{ field: Resolved; desc: boolean }>): QueryRow[] {
  const keyCols = order.map(({ field }) =>
    rows.map((row) => {
      const v = field.get(row);
      return typeof v === 'string' ? v.toLowerCase() : typeof v === 'boolean' ? Number(v) : v;
    }),
  );
  const index = rows.map((_, i) => i);
  index.sort((a, b) => {
    for (let k = 0; k < order.length; k++) {
      const x = keyCols[k]![a]!,
        y = keyCols[k]![b]!;
      if (x === y) continue;
      // SQL Server sorts NULL first in ascending order.
      const c = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      return order[k]!.desc ? -c : c;
    }
    return a - b;
  });
  return index.map((i) => rows[i]!);
}
