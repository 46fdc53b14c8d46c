/**
 * One mechanical upgrade of a scheme document from format `from` to `from + 1`. Migrations are
 * append-only: once released, a migration is never edited, only followed by a newer one.
 */
export interface SchemeMigration {
  from: number;
  to: number;
  /** Why the format changed, shown by `qiao validate` when a file is upgraded. */
  description: string;
  /** Returns the upgraded document (a new object; must not mutate its input). Runs before validation. */
  migrate(doc: Record<string, unknown>): Record<string, unknown>;
}
