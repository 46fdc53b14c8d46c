import { ConfigError } from '../../../core/errors.js';
import type { OkkiFieldDescriptor } from '../okki.types.js';

/** Modules whose `/fields` endpoint the client knows. */
export type OkkiFieldModule = 'order' | 'receipt' | 'company' | 'customer' | 'product';

/** Path and query of each module's field dictionary. */
export const OKKI_FIELD_ENDPOINTS: Record<OkkiFieldModule, { path: string; query?: Record<string, string> }> = {
  order: { path: '/v1/invoices/order/fields' },
  receipt: { path: '/v1/invoices/receipt/fields' },
  company: { path: '/v1/company/fields', query: { type: 'company' } },
  customer: { path: '/v1/company/fields', query: { type: 'customer' } },
  product: { path: '/v1/product/fields' },
};

const MODULE_ALIASES: Record<string, OkkiFieldModule> = {
  order: 'order',
  orders: 'order',
  'invoices/order': 'order',
  sales_order: 'order',
  销售订单: 'order',
  receipt: 'receipt',
  receipts: 'receipt',
  'invoices/receipt': 'receipt',
  cash_collection: 'receipt',
  回款单: 'receipt',
  company: 'company',
  companies: 'company',
  客户: 'company',
  customer: 'customer',
  customers: 'customer',
  contact: 'customer',
  联系人: 'customer',
  product: 'product',
  products: 'product',
  产品: 'product',
};

/**
 * Maps a module name as schemes may write it (`order`, `orders`, `invoices/order`, `销售订单`…) to an
 * `OkkiFieldModule`. Throws ConfigError `okki.field_module_unknown` listing the accepted names.
 */
export function toOkkiFieldModule(name: string): OkkiFieldModule {
  const module = MODULE_ALIASES[name.trim().toLowerCase()];
  if (module) return module;
  throw new ConfigError(
    `"${name}" is not an OKKI module with custom fields; use one of: ${Object.keys(OKKI_FIELD_ENDPOINTS).join(', ')}.`,
    {
      code: 'okki.field_module_unknown',
      details: { module: name },
    },
  );
}

export interface CustomFieldQuery {
  /** `header`: only fields with is_list 0; `line`: only product_list fields (is_list 1). Default: either. */
  level?: 'header' | 'line';
}

const normalise = (text: string): string => text.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
const isCustom = (field: OkkiFieldDescriptor): boolean => /^\d+$/.test(String(field.id));

/**
 * Resolves custom fields by the name users see in OKKI (e.g. `金蝶标识状态`, `物流费`) to their
 * numeric ids, loading each module's `/fields` once and sharing the load between concurrent callers.
 */
export class CustomFieldResolver {
  private readonly cache = new Map<OkkiFieldModule, Promise<OkkiFieldDescriptor[]>>();

  constructor(private readonly load: (module: OkkiFieldModule) => Promise<OkkiFieldDescriptor[]>) {}

  /** All field descriptors of `module` (cached). */
  fields(module: OkkiFieldModule): Promise<OkkiFieldDescriptor[]> {
    let pending = this.cache.get(module);
    if (!pending) {
      pending = this.load(module);
      this.cache.set(module, pending);
      pending.catch(() => this.cache.delete(module)); // a failed load is not cached
    }
    return pending;
  }

  /** Forgets cached dictionaries (e.g. after the tenant added a field). */
  clear(module?: OkkiFieldModule): void {
    if (module) this.cache.delete(module);
    else this.cache.clear();
  }

  /**
   * The numeric id of the custom field named `name` in `module`. A numeric `name` that is already
   * a custom field id is returned as is. Throws ConfigError `okki.custom_field_unknown` (listing
   * similar names) when none matches, `okki.custom_field_ambiguous` when several do.
   */
  async customFieldId(module: OkkiFieldModule, name: string, query: CustomFieldQuery = {}): Promise<string> {
    const all = (await this.fields(module)).filter(isCustom);
    const wanted = normalise(name);
    const levelOk = (field: OkkiFieldDescriptor): boolean =>
      query.level === undefined || (query.level === 'line') === (Number(field.is_list ?? 0) === 1);
    const candidates = all.filter(levelOk);
    const byId = candidates.find((field) => String(field.id) === name.trim());
    if (byId) return String(byId.id);
    const exact = candidates.filter((field) => field.name === name);
    const matches = exact.length > 0 ? exact : candidates.filter((field) => normalise(field.name) === wanted);
    if (matches.length === 1) return String(matches[0]!.id);
    const where = `OKKI ${module} fields${query.level ? ` (${query.level} level)` : ''}`;
    if (matches.length > 1) {
      throw new ConfigError(
        `Custom field "${name}" matches ${matches.length} ${where}: ${matches.map(describe).join(', ')}. Name the field by its numeric id or pass level "header"/"line".`,
        { code: 'okki.custom_field_ambiguous', details: { module, name, ids: matches.map((f) => String(f.id)) } },
      );
    }
    const similar = similarNames(
      name,
      candidates.map((field) => field.name),
    );
    throw new ConfigError(
      `Custom field "${name}" does not exist in ${where}.${similar.length ? ` Similar names: ${similar.join(', ')}.` : ''} Check the spelling against OKKI 设置 → 自定义字段, or use the numeric field id.`,
      { code: 'okki.custom_field_unknown', details: { module, name, similar } },
    );
  }
}

/** Keys sent as they are: system fields (snake_case) and numeric custom-field ids. */
const WIRE_KEY = /^[A-Za-z0-9_]+$/;

/**
 * A copy of `payload` where every key written as a display name (any key that is not snake_case
 * or a numeric id, e.g. `金蝶标识状态`) is replaced by its custom field id: header keys at header
 * level, keys inside `product_list` rows at line level. Other values are left untouched.
 * @throws ConfigError `okki.custom_field_unknown` for a name the tenant does not have.
 */
export async function applyCustomFieldNames<P extends Record<string, unknown>>(
  resolver: CustomFieldResolver,
  module: OkkiFieldModule,
  payload: P,
): Promise<P> {
  const rename = async (row: Record<string, unknown>, level: 'header' | 'line'): Promise<Record<string, unknown>> => {
    const out: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(row)) {
      if (WIRE_KEY.test(key)) out[key] = value;
      else out[await resolver.customFieldId(module, key, { level })] = value;
    }
    return out;
  };
  const header = await rename(payload, 'header');
  if (Array.isArray(payload.product_list)) {
    header.product_list = await Promise.all(
      payload.product_list.map((row: unknown) =>
        row && typeof row === 'object' && !Array.isArray(row) ? rename(row as Record<string, unknown>, 'line') : row,
      ),
    );
  }
  return header as P;
}

function describe(field: OkkiFieldDescriptor): string {
  return `${field.name} (${field.id}${Number(field.is_list ?? 0) === 1 ? ', line' : ''})`;
}

/** Up to `limit` names close to `name`: containing or contained in it, or within a small edit distance. */
export function similarNames(name: string, names: readonly string[], limit = 5): string[] {
  const wanted = normalise(name);
  const scored = [...new Set(names)]
    .map((candidate) => {
      const other = normalise(candidate);
      const contains = other.includes(wanted) || wanted.includes(other);
      const distance = editDistance(wanted, other);
      return { candidate, score: contains ? 0 : distance, distance };
    })
    .filter(
      ({ score, candidate }) =>
        score <= Math.max(1, Math.floor(Math.max(wanted.length, normalise(candidate).length) / 2)),
    )
    .sort((a, b) => a.score - b.score || a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  return scored.slice(0, limit).map((s) => s.candidate);
}

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length]!;
}
