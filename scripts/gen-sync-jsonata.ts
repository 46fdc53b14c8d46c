// Writes the synchronous JSONata build from the installed, pinned jsonata (npm run gen:sync-jsonata). Commit the result.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GENERATED_JS, readInstalledJsonata, renderSyncJsonata } from '../src/scheme/mapping/render-sync-jsonata.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const files = renderSyncJsonata(readInstalledJsonata());

// Before anything is written: the build must load as a module and give plain values, not promises.
// (The full check against async JSONata is the corpus test in expression-engine.test.ts.)
const built = (await import(`data:text/javascript;base64,${Buffer.from(files[GENERATED_JS]!).toString('base64')}`)) as {
  default: (text: string) => { evaluate(input: unknown): unknown };
};
const probe = built
  .default("( $f := function($x) { $x * 2 }; { 'a': [lines.$f(q)], 'b': $string($sum(lines.q)) } )")
  .evaluate({ lines: [{ q: 1 }, { q: 2 }] });
if (JSON.stringify(probe) !== '{"a":[2,4],"b":"3"}')
  throw new Error(`the synchronous build evaluated a probe to ${JSON.stringify(probe)}; nothing written`);

for (const [path, content] of Object.entries(files)) {
  const target = resolve(root, path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, content);
  process.stdout.write(`wrote ${path}\n`);
}
