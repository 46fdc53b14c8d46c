import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatIssue, loadSchemeFile } from '../src/scheme/load-scheme.js';
import { runSchemeTests } from '../src/scheme/golden-tests.js';

/** The schemes shipped in schemes/ validate and pass their own golden tests (what `qiao validate` and `qiao test` check). */
describe('shipped schemes', () => {
  const dir = new URL('../schemes/', import.meta.url).pathname;
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  const connections = { kingdee: { type: 'kingdee' }, okki: { type: 'okki' } };

  it('are the flagship and its three companions', () => {
    expect(files.sort()).toEqual([
      'kingdee-customers-to-okki.yaml',
      'kingdee-materials-to-okki.yaml',
      'kingdee-receipts-to-okki.yaml',
      'kingdee-sales-orders-to-okki.yaml',
    ]);
  });

  for (const file of files) {
    it(`${file} validates and passes its golden tests`, async () => {
      const loaded = await loadSchemeFile(join(dir, file), { connections });
      expect(loaded.ok ? [] : loaded.issues.map(formatIssue)).toEqual([]);
      if (!loaded.ok) return;
      const report = await runSchemeTests(loaded.scheme, loaded.file);
      expect(report.tests.flatMap((t) => t.problems)).toEqual([]);
    });
  }
});
