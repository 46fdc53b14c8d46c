import type { z } from 'zod';

type AnySchema = z.core.$ZodType;

/** Unwraps optional/default/prefault/nullable/pipe wrappers down to the schema that has a shape. */
function unwrap(schema: AnySchema): AnySchema {
  let current = schema;
  for (let i = 0; i < 10; i++) {
    const def = current._zod.def as unknown as { type: string; innerType?: AnySchema; in?: AnySchema };
    if (def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else break;
  }
  return current;
}

/**
 * Keys the object schema at `path` accepts (for "did you mean" hints on unknown keys); empty when
 * the path leads somewhere without a fixed shape.
 */
export function knownKeysAt(root: AnySchema, path: ReadonlyArray<string | number>): string[] {
  let schema: AnySchema | undefined = unwrap(root);
  for (const segment of path) {
    if (!schema) return [];
    const def = schema._zod.def as unknown as {
      type: string;
      shape?: Record<string, AnySchema>;
      element?: AnySchema;
      valueType?: AnySchema;
      options?: AnySchema[];
    };
    if (def.type === 'object' && def.shape) schema = def.shape[String(segment)];
    else if (def.type === 'array' && def.element) schema = def.element;
    else if (def.type === 'record' && def.valueType) schema = def.valueType;
    else return [];
    schema = schema ? unwrap(schema) : undefined;
  }
  const def = schema?._zod.def as unknown as
    | { type: string; shape?: Record<string, AnySchema>; options?: AnySchema[] }
    | undefined;
  if (def?.type === 'object' && def.shape) return Object.keys(def.shape);
  if (def?.type === 'union' && def.options) return def.options.flatMap((o) => knownKeysAt(o, []));
  return [];
}

/** The candidate closest to `word` by edit distance, when it is close enough to be a typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(word.toLowerCase(), candidate.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(best.length / 3)) ? best : undefined;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let previous = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const current = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, previous + (a[i - 1] === b[j - 1] ? 0 : 1));
      previous = current;
    }
  }
  return row[b.length];
}
