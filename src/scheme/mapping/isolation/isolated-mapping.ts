import type { Scheme } from '../../scheme.schema.js';
import { type CompiledMapping, compileMapping, documentKey } from '../compile-mapping.js';
import type { ExpressionLimits } from '../expression.js';
import { type MappingPool, sharedMappingPool } from './mapping-pool.js';

let programs = 0;

/**
 * `compileMapping`, evaluated in a mapping worker (mapping-pool.ts) instead of this thread: the same
 * payloads and errors, plus hard memory and wall-clock limits that also stop native built-ins.
 * The mapping is compiled here too, so a syntax error still throws now, when the scheme is prepared.
 * `MapOptions.caches` is not used: the worker keeps lookups per services object (one per run).
 */
export function isolateMapping(
  scheme: Scheme,
  pool: MappingPool = sharedMappingPool(),
  limits?: ExpressionLimits,
): CompiledMapping {
  const local = compileMapping(scheme, limits);
  const program = { id: ++programs, scheme, limits, fields: local.fields };
  const keySource = scheme.source.group?.key ?? scheme.source.key;
  return {
    fields: local.fields,
    keyField: local.keyField,
    map: (document, services, options = {}) =>
      pool.map(program, document, services, options.key ?? documentKey(document, keySource)),
  };
}
