import type { SchemeMigration } from './scheme-migration.js';

export type MigrationOutcome =
  | { ok: true; doc: Record<string, unknown>; fromVersion: number; applied: string[] }
  | { ok: false; path: string[]; message: string };

/**
 * Upgrades a parsed scheme document to `targetVersion` by applying the registry's migrations in
 * order. Checks the registry itself (each step goes from n to n + 1, no gaps), so a mistake in a
 * new migration fails loudly in tests rather than silently skipping a step.
 */
export function migrateSchemeDocument(
  doc: unknown,
  registry: readonly SchemeMigration[],
  targetVersion: number,
): MigrationOutcome {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    return { ok: false, path: [], message: 'A scheme must be a YAML mapping (key: value pairs)' };
  const record = doc as Record<string, unknown>;
  const version = record.version;
  if (version === undefined)
    return { ok: false, path: ['version'], message: `Missing "version"; add "version: ${targetVersion}" at the top` };
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 0) {
    return {
      ok: false,
      path: ['version'],
      message: `"version" must be a whole number (this qiao reads versions up to ${targetVersion})`,
    };
  }
  if (version > targetVersion) {
    return {
      ok: false,
      path: ['version'],
      message: `Scheme format version ${version} is newer than this qiao supports (${targetVersion}); upgrade qiao`,
    };
  }
  let current = record;
  const applied: string[] = [];
  for (let v = version; v < targetVersion; v++) {
    const step = registry.find((m) => m.from === v);
    if (!step)
      return {
        ok: false,
        path: ['version'],
        message: `No migration from scheme format version ${v}; this qiao cannot read it`,
      };
    if (step.to !== v + 1)
      throw new Error(`Scheme migration registry is broken: step from ${v} goes to ${step.to}, expected ${v + 1}`);
    current = { ...step.migrate(current), version: step.to };
    applied.push(`${step.from}→${step.to}: ${step.description}`);
  }
  return { ok: true, doc: current, fromVersion: version, applied };
}
