import { describe, expect, it } from 'vitest';
import { storeUrlSchema } from './store-url.schema.js';

const problems = (url: string) => storeUrlSchema.safeParse(url).error?.issues.map((i) => i.message) ?? [];

describe('storeUrlSchema', () => {
  it('accepts SQLite files and PostgreSQL URLs with a schema', () => {
    for (const url of [
      'sqlite:.qiao/qiao.db',
      'sqlite::memory:',
      'postgres://qiao@db:5432/qiao?schema=qiao',
      'postgresql://db',
    ])
      expect(problems(url), url).toEqual([]);
  });

  it('says what is wrong with a URL the ledger could not open', () => {
    expect(problems('mysql://db/qiao')).toEqual(['Use sqlite:<path> or postgres://user:${PG_PASSWORD}@host:5432/db']);
    expect(problems('postgres://db:99999/qiao')[0]).toContain('Not a valid PostgreSQL URL');
    expect(problems('postgres://db/qiao?schema=x;drop')[0]).toContain('not a plain PostgreSQL schema name');
    expect(problems('sqlite://')).toEqual(['Name the SQLite file, e.g. sqlite:.qiao/qiao.db']);
  });
});
