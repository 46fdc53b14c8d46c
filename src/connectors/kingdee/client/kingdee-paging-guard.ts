import { KingdeeError } from '../kingdee-errors.js';
import { KingdeeServices } from './kingdee-services.js';

/**
 * Stops a paged read whose pages contradict StartRow/Limit, which would otherwise page forever: a
 * server (or plug-in, or proxy) that ignores StartRow answers every page with the same rows; one
 * that ignores Limit answers with more rows than asked. Holds the previous page to compare.
 */
export class KingdeePagingGuard {
  private previous: readonly unknown[] | null = null;
  private previousStart = 0;

  constructor(
    private readonly formId: string,
    private readonly pageSize: number,
  ) {}

  /** Throws a config-kind KingdeeError (`kingdee.paging_broken`) when `rows` cannot be the page at `startRow`. */
  check(rows: readonly unknown[], startRow: number): void {
    const facts = { formId: this.formId, startRow, pageSize: this.pageSize, rows: rows.length };
    if (rows.length > this.pageSize) {
      throw this.broken(
        `ExecuteBillQuery of ${this.formId} returned ${rows.length} rows at StartRow ${startRow} for a Limit of ${this.pageSize}: the server ignores Limit`,
        facts,
      );
    }
    if (this.previous && rows.length > 0 && samePage(this.previous, rows)) {
      throw this.broken(
        `ExecuteBillQuery of ${this.formId} returned the same ${rows.length} rows at StartRow ${startRow} as at StartRow ${this.previousStart}: the server ignores StartRow (if the query really repeats rows, add the form's unique keys, e.g. FID and the entry id, to FieldKeys)`,
        facts,
      );
    }
    this.previous = rows;
    this.previousStart = startRow;
  }

  private broken(message: string, facts: Record<string, unknown>): KingdeeError {
    return new KingdeeError({
      source: 'paging',
      service: KingdeeServices.ExecuteBillQuery,
      messages: [message],
      extra: facts,
    });
  }
}

/** Row-by-row equality; returns at the first difference, so distinct pages cost one row's compare. */
function samePage(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
  return true;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameValue(a[i], b[i])) return false;
    return true;
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return false;
}
