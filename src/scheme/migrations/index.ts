import type { SchemeMigration } from './scheme-migration.js';

export type { SchemeMigration } from './scheme-migration.js';
export { migrateSchemeDocument, type MigrationOutcome } from './migrate-scheme.js';

/**
 * The ordered registry of scheme format migrations, oldest first. Format 1 is the baseline:
 * a version-1 document passes through unchanged. Append `{ from: 1, to: 2, … }` here (one file
 * per migration, e.g. `0002-rename-x.ts`) when the format changes, and bump
 * CURRENT_SCHEME_VERSION in scheme.schema.ts.
 */
export const schemeMigrations: readonly SchemeMigration[] = [];
