import { z } from 'zod';

/**
 * `store:` in qiao.yaml. Checked here rather than when the ledger opens, so `qiao validate --config`
 * catches what `run` would stumble on: a PostgreSQL URL that does not parse (port out of range,
 * spaces), one without a host, a bad `?schema=`, an SQLite URL naming no file.
 */
export const storeUrlSchema = z
  .string()
  .regex(/^(sqlite:.+|postgres(ql)?:\/\/.+)$/i, 'Use sqlite:<path> or postgres://user:${PG_PASSWORD}@host:5432/db')
  .superRefine((value, ctx) => {
    const fail = (message: string): void => {
      ctx.addIssue({ code: 'custom', message });
    };
    if (/^sqlite:/i.test(value)) {
      if (value.replace(/^sqlite:(\/\/)?/i, '').trim() === '') fail('Name the SQLite file, e.g. sqlite:.qiao/qiao.db');
      return;
    }
    if (!/^postgres(ql)?:\/\//i.test(value)) return; // the pattern above says what to write
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      fail(
        'Not a valid PostgreSQL URL (a port above 65535, a space, or an unescaped "@" or "/" in the password?); write postgres://user:${PG_PASSWORD}@host:5432/db',
      );
      return;
    }
    if (url.hostname === '') fail('The PostgreSQL URL names no host: postgres://user@host:5432/db');
    const schema = url.searchParams.get('schema');
    if (schema !== null && !/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema))
      fail(`?schema=${schema} is not a plain PostgreSQL schema name (letters, digits, "_")`);
  });
