import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { JSONATA_PIN, readInstalledJsonata, renderSyncJsonata } from './render-sync-jsonata.js';

const root = new URL('../../../', import.meta.url);

describe('generated synchronous JSONata', () => {
  // A jsonata upgrade without regeneration fails here; the error says what to run.
  it.each(Object.entries(renderSyncJsonata(readInstalledJsonata())))(
    '%s is up to date (run npm run gen:sync-jsonata)',
    (path, content) => {
      expect(readFileSync(new URL(path, root), 'utf8')).toBe(content);
    },
  );

  it('names the jsonata version and input hash, keeps the MIT notice, and says it is generated', () => {
    const js = Object.values(renderSyncJsonata(readInstalledJsonata()))[0]!;
    const header = js.slice(0, js.indexOf('*/'));
    expect(header).toContain(`jsonata ${JSONATA_PIN.version} (jsonata.js sha256 ${JSONATA_PIN.sha256})`);
    expect(header).toContain('Generated, do not edit: run `npm run gen:sync-jsonata`');
    expect(header).toContain('Permission is hereby granted, free of charge');
    expect(js.slice(header.length)).not.toMatch(/\bawait\b|\bPromise\b/);
  });

  it('refuses a jsonata.js that differs from the pinned one, naming both and the fix', () => {
    const installed = readInstalledJsonata();
    const render = (changes: Partial<typeof installed>) => () => renderSyncJsonata({ ...installed, ...changes });
    const patched = `${installed.source}\n`;
    const patchedHash = createHash('sha256').update(patched).digest('hex');
    expect(render({ source: patched })).toThrow(
      `installed jsonata ${installed.version} (jsonata.js sha256 ${patchedHash}) is not the one`,
    );
    expect(render({ source: patched })).toThrow(`(jsonata ${JSONATA_PIN.version}, sha256 ${JSONATA_PIN.sha256})`);
    expect(render({ version: '9.9.9' })).toThrow(
      /installed jsonata 9\.9\.9 .*Install jsonata@.* exactly, or update JSONATA_PIN .*npm run gen:sync-jsonata/,
    );
  });

  it('refuses a source the rewrite does not fit, even under a matching pin', () => {
    const installed = readInstalledJsonata();
    const source = installed.source.replace("environment.lookup(Symbol.for('jsonata.__evaluate_exit'))", 'null');
    const pin = { version: installed.version, sha256: createHash('sha256').update(source).digest('hex') };
    expect(() => renderSyncJsonata({ ...installed, source }, pin)).toThrow(/__evaluate_exit.*found it 0 times/);
  });
});
