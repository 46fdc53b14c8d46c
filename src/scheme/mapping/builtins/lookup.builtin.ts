import { IntegrationError } from '../../../core/errors.js';
import { recordError } from '../mapping-error.js';
import type { Builtin, BuiltinContext } from '../builtin.js';

function services(ctx: BuiltinContext, fn: string) {
  if (!ctx.services)
    throw recordError('mapping.services_unavailable', `$${fn} needs the runtime's services; it cannot run here`);
  return ctx.services;
}

type Answer<T> = { value: T };

/** The run's settled answer to `key`, if there is one (checked before building the call, which allocates). */
function known<T>(ctx: BuiltinContext, cacheName: string, key: string): Answer<T> | undefined {
  const hit = ctx.cache(cacheName).get(key);
  return hit === undefined || hit instanceof Promise ? undefined : (hit as Answer<T>);
}

/**
 * A per-run cached answer from the services: synchronous once known (the synchronous JSONata
 * engine then needs no second round), shared while in flight (concurrent documents asking the same
 * question make one call). Answers `keep` rejects and failures are not cached.
 */
function cachedAnswer<T>(
  ctx: BuiltinContext,
  cacheName: string,
  key: string,
  ask: () => Promise<T>,
  keep: (value: T) => boolean = () => true,
): T | Promise<T> {
  const cache = ctx.cache(cacheName);
  const hit = cache.get(key) as Answer<T> | Promise<T> | undefined;
  if (hit instanceof Promise) return ctx.external(hit);
  if (hit) return hit.value;
  const pending = Promise.resolve(ask());
  cache.set(key, pending);
  // Registered before the caller awaits, so the settled answer is in the cache when the caller resumes.
  pending.then(
    (value) => (keep(value) ? cache.set(key, { value }) : cache.delete(key)),
    () => cache.delete(key),
  );
  return ctx.external(pending);
}

/** Runs `then` on a value now, or on a promise when it settles. */
function whenAnswered<T, R>(value: T | Promise<T>, then: (value: T) => R): R | Promise<R> {
  return value instanceof Promise ? value.then(then) : then(value);
}

/**
 * $lookup(schemeId, key[, field]) → a target id that another scheme synced for `key`, e.g.
 * $lookup('kingdee-customers-to-okki', `FCustId.FNumber`, 'company_id') → 1001 (the whole ids
 * object without `field`). Nothing synced yet → lookup_missing (the runtime parks the document
 * and retries later). An undefined or empty key gives undefined (an optional reference).
 */
export const lookup: Builtin = {
  name: 'lookup',
  fn: (ctx, schemeId, key, field) => {
    if (key === undefined || key === null || key === '') return undefined;
    const scheme = String(schemeId);
    const k = String(key);
    const cacheKey = `${scheme}\u0000${k}`;
    const hit = known<Record<string, unknown>>(ctx, 'lookup', cacheKey);
    if (hit) return pick(hit.value, scheme, k, field);
    // Only found ids are kept for the run: a miss may resolve once the other scheme catches up.
    const ids = cachedAnswer(
      ctx,
      'lookup',
      cacheKey,
      () => services(ctx, 'lookup').lookupSynced(scheme, k),
      (found) => found !== null && found !== undefined,
    );
    return whenAnswered(ids, (found) => pick(found, scheme, k, field));
  },
};

function pick(ids: Record<string, unknown> | null, scheme: string, k: string, field: unknown): unknown {
  if (!ids) {
    throw new IntegrationError(
      `$lookup: scheme "${scheme}" has not synced "${k}" yet; it will be retried once that document has been synced`,
      {
        code: 'mapping.lookup_missing',
        kind: 'lookup_missing',
        details: { lookupScheme: scheme, lookupKey: k },
      },
    );
  }
  if (field === undefined) return ids;
  const name = String(field);
  if (ids[name] === undefined || ids[name] === null) {
    throw recordError(
      'mapping.lookup_field_missing',
      `$lookup: scheme "${scheme}" synced "${k}" but kept no "${name}" (it has: ${Object.keys(ids).join(', ') || 'nothing'})`,
      {
        lookupScheme: scheme,
        lookupKey: k,
        field: name,
      },
    );
  }
  return ids[name];
}

/**
 * $targetLookup(connection, object, query, field) → a value read from the target system itself,
 * cached per run (one call per distinct question), e.g.
 * $targetLookup('okki', 'company', { 'serial_id': `FCustId.FNumber` }, 'company_id').
 * Undefined when nothing matches.
 */
export const targetLookup: Builtin = {
  name: 'targetLookup',
  fn: (ctx, connection, object, query, field) => {
    const cacheKey = JSON.stringify([connection, object, query, field]);
    const hit = known<unknown>(ctx, 'targetLookup', cacheKey);
    if (hit) return hit.value === null ? undefined : hit.value;
    const value = cachedAnswer(ctx, 'targetLookup', cacheKey, () =>
      services(ctx, 'targetLookup').lookupTarget(String(connection), String(object), query, String(field)),
    );
    return whenAnswered(value, (v) => (v === null ? undefined : v));
  },
};

/**
 * $customField(connection, module, displayName) → the tenant's custom field id (a numeric
 * string), e.g. $customField('okki', 'order', '物流费') → "5094664372713". Use it as an object key:
 * { $customField('okki','order','物流费'): FAmount }.
 */
export const customField: Builtin = {
  name: 'customField',
  constantPerRun: true,
  fn: (ctx, connection, module, name) => {
    const cacheKey = JSON.stringify([connection, module, name]);
    const hit = known<string>(ctx, 'customField', cacheKey);
    if (hit) return String(hit.value);
    const id = cachedAnswer(ctx, 'customField', cacheKey, () =>
      services(ctx, 'customField').customFieldId(String(connection), String(module), String(name)),
    );
    return whenAnswered(id, String);
  },
};
