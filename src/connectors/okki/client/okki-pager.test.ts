import { describe, expect, it } from 'vitest';
import { paginate, readPage } from './okki-pager.js';

async function collect<T>(gen: AsyncGenerator<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of gen) out.push(item);
  return out;
}

describe('readPage', () => {
  it('reads every documented list shape', () => {
    expect(readPage({ count: 12, list: [1, 2] })).toEqual({ items: [1, 2], total: 12 });
    expect(readPage({ list: [1], totalItem: '7', count: 1 })).toEqual({ items: [1], total: 7 });
    expect(readPage([1, 2, 3])).toEqual({ items: [1, 2, 3] });
    expect(readPage(null)).toEqual({ items: [] });
  });
});

describe('paginate', () => {
  const rows = Array.from({ length: 23 }, (_, i) => i);
  const server = (withTotal: boolean, cap = Infinity) => {
    const calls: Array<[number, number]> = [];
    const fetchPage = async (page: number, count: number) => {
      calls.push([page, count]);
      const size = Math.min(count, cap);
      const list = rows.slice((page - 1) * size, page * size);
      return withTotal ? { count: rows.length, list } : { list };
    };
    return { calls, fetchPage };
  };

  it('walks pages from 1 and stops on the total', async () => {
    const s = server(true);
    expect(await collect(paginate(s.fetchPage, { pageSize: 10 }))).toEqual(rows);
    expect(s.calls).toEqual([
      [1, 10],
      [2, 10],
      [3, 10],
    ]);
  });

  it('stops on a short page without a total, and on an empty page', async () => {
    const s = server(false);
    expect(await collect(paginate(s.fetchPage, { pageSize: 10 }))).toEqual(rows);
    expect(s.calls.length).toBe(3);
    const exact = server(false);
    expect(await collect(paginate(exact.fetchPage, { pageSize: 23 }))).toEqual(rows);
    expect(exact.calls.length).toBe(2); // full page, then the empty one
  });

  it('keeps going when the server caps the page size but reports a total', async () => {
    const s = server(true, 5);
    expect(await collect(paginate(s.fetchPage, { pageSize: 10 }))).toEqual(rows);
  });

  it('starts at a later page and still stops on the total', async () => {
    const s = server(true);
    expect(await collect(paginate(s.fetchPage, { pageSize: 10, firstPage: 2 }))).toEqual(rows.slice(10));
    expect(s.calls.map((c) => c[0])).toEqual([2, 3]);
  });

  it('fetches lazily: breaking early reads no further pages', async () => {
    const s = server(true);
    for await (const row of paginate<number>(s.fetchPage, { pageSize: 10 })) if (row === 3) break;
    expect(s.calls.length).toBe(1);
  });
});
