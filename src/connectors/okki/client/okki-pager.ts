/** One page as OKKI lists return it; each module names its total differently. */
export interface OkkiPage<T> {
  items: T[];
  /** Total number of rows across all pages, when the module reports it. */
  total?: number;
}

/**
 * Reads OKKI list payloads of every documented shape: `{count, list}` (orders, products),
 * `{list, totalItem}` (receipts), `{list, totalItem, count}` (companies; `count` there is not
 * trusted as a total), `{list, count}` (departments) and a bare array (users).
 */
export function readPage<T>(data: unknown): OkkiPage<T> {
  if (Array.isArray(data)) return { items: data as T[] };
  if (!data || typeof data !== 'object') return { items: [] };
  const record = data as Record<string, unknown>;
  const items = Array.isArray(record.list) ? (record.list as T[]) : [];
  const total = numberOf(record.totalItem) ?? numberOf(record.total) ?? numberOf(record.count);
  return { items, total };
}

function numberOf(value: unknown): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
}

/**
 * Streams every row of a paged OKKI list, one page in memory at a time. `start_index` is the page
 * number (from `firstPage`, default 1), `count` the page size. Stops on an empty page, on a short page,
 * or once `total` rows were seen; `maxPages` guards against a server that never stops.
 */
export async function* paginate<T>(
  fetchPage: (startIndex: number, count: number) => Promise<unknown>,
  options: { pageSize: number; firstPage?: number; maxPages?: number },
): AsyncGenerator<T, void, undefined> {
  const maxPages = options.maxPages ?? 100_000;
  const firstPage = options.firstPage ?? 1;
  let seen = (firstPage - 1) * options.pageSize; // rows on the pages skipped, so `total` still says when to stop
  for (let page = firstPage, fetched = 0; fetched < maxPages; page++, fetched++) {
    const { items, total } = readPage<T>(await fetchPage(page, options.pageSize));
    for (const item of items) yield item;
    seen += items.length;
    if (items.length === 0) return;
    if (total !== undefined ? seen >= total : items.length < options.pageSize) return;
  }
}
