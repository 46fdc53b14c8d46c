import { IntegrationError } from '../../errors.js';
import { recordError } from '../mapping-error.js';
import type { Builtin, BuiltinContext } from '../expression.js';

function services(ctx: BuiltinContext, fn: string) {
  if (!ctx.services) throw recordError('mapping.services_unavailable', `$${fn} needs the runtime's services; it cannot run here`);
  return ctx.services;
}

/**
 * $lookup(schemeId, key[, field]) → a target id that another scheme synced for `key`, e.g.
 * $lookup('kingdee-customers-to-okki', `FCustId.FNumber`, 'company_id') → 1001 (the whole ids
 * object without `field`). Nothing synced yet → lookup_missing (the runtime parks the document
 * and retries later). An undefined or empty key gives undefined (an optional reference).
 */
export const lookup: Builtin = {
  name: 'lookup',
  fn: async (ctx, schemeId, key, field) => {
    if (key === undefined || key === null || key === '') return undefined;
    const scheme = String(schemeId);
    const k = String(key);
    const ids = await ctx.external(services(ctx, 'lookup').lookupSynced(scheme, k));
    if (!ids) {
      throw new IntegrationError(`$lookup: scheme "${scheme}" has not synced "${k}" yet; it will be retried once that document has been synced`, {
        code: 'mapping.lookup_missing',
        kind: 'lookup_missing',
        details: { lookupScheme: scheme, lookupKey: k },
      });
    }
    if (field === undefined) return ids;
    const name = String(field);
    if (ids[name] === undefined || ids[name] === null) {
      throw recordError('mapping.lookup_field_missing', `$lookup: scheme "${scheme}" synced "${k}" but kept no "${name}" (it has: ${Object.keys(ids).join(', ') || 'nothing'})`, {
        lookupScheme: scheme,
        lookupKey: k,
        field: name,
      });
    }
    return ids[name];
  },
};

/**
 * $targetLookup(connection, object, query, field) → a value read from the target system itself,
 * cached per run (one call per distinct question), e.g.
 * $targetLookup('okki', 'company', { 'serial_id': `FCustId.FNumber` }, 'company_id').
 * Undefined when nothing matches.
 */
export const targetLookup: Builtin = {
  name: 'targetLookup',
  fn: async (ctx, connection, object, query, field) => {
    const cacheKey = JSON.stringify([connection, object, query, field]);
    const cache = ctx.cache('targetLookup');
    if (!cache.has(cacheKey)) {
      // Cache the promise, not the value, so concurrent documents asking the same question share one call.
      const pending = services(ctx, 'targetLookup').lookupTarget(String(connection), String(object), query, String(field));
      cache.set(cacheKey, pending);
      pending.catch(() => cache.delete(cacheKey));
    }
    const value = await ctx.external(cache.get(cacheKey) as Promise<unknown>);
    return value === null ? undefined : value;
  },
};

/**
 * $customField(connection, module, displayName) → the tenant's custom field id (a numeric
 * string), e.g. $customField('okki', 'order', '物流费') → "5094664372713". Use it as an object key:
 * { $customField('okki','order','物流费'): FAmount }.
 */
export const customField: Builtin = {
  name: 'customField',
  fn: async (ctx, connection, module, name) => {
    const cacheKey = JSON.stringify([connection, module, name]);
    const cache = ctx.cache('customField');
    if (!cache.has(cacheKey)) {
      const pending = services(ctx, 'customField').customFieldId(String(connection), String(module), String(name));
      cache.set(cacheKey, pending);
      pending.catch(() => cache.delete(cacheKey));
    }
    return String(await ctx.external(cache.get(cacheKey) as Promise<string>));
  },
};
