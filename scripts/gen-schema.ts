// Writes schemas/*.schema.json from the zod schemas (npm run gen:schema). Commit the result.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderJsonSchemas } from '../src/app/config/json-schemas.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
for (const [path, content] of Object.entries(renderJsonSchemas())) {
  const target = resolve(root, path);
  await mkdir(dirname(target), { recursive: true });
  await writeFile(target, content);
  process.stdout.write(`wrote ${path}\n`);
}
