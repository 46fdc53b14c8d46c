// Measures how hostile mappings are answered (issue 11): time to the per-document error, and the
// latency of a /healthz-like HTTP endpoint on the same thread meanwhile. Not a test: prints numbers.
//   node --import tsx scripts/mapping-limits-latency.ts
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { isolateMapping } from '../src/scheme/mapping/isolation/isolated-mapping.js';
import { MappingPool } from '../src/scheme/mapping/isolation/mapping-pool.js';
import type { MappingServices } from '../src/scheme/mapping/mapping-services.js';
import type { Scheme } from '../src/scheme/scheme.schema.js';

const EXPRESSIONS = [
  "$pad('x', 400000000)",
  '$sort($reverse([1..3000000]))',
  `$match('${'a'.repeat(5000)}!', /(a+)+$/)`,
  "$count([1..99999].$pad('', 999999))",
  '($f := function($n) { $f($n + 1) }; $f(0))',
  '$count([1..10000].[1..10000])',
];
const services: MappingServices = {
  lookupSynced: async () => null,
  lookupTarget: async () => null,
  customFieldId: async () => '1',
  now: () => new Date(),
};
const server = createServer((_req, res) => res.end('ok'));
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/healthz`;
const pool = new MappingPool();
for (const expression of EXPRESSIONS) {
  const scheme = {
    id: 'latency',
    source: { key: 'K' },
    target: { key: 'no' },
    mapping: { document: { no: 'K', f: expression } },
  } as unknown as Scheme;
  const mapping = isolateMapping(scheme, pool);
  let worst = 0;
  let polls = 0;
  let done = false;
  const poller = (async () => {
    while (!done) {
      const started = performance.now();
      await (await fetch(url)).text();
      worst = Math.max(worst, performance.now() - started);
      polls++;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  })();
  const started = performance.now();
  const outcome = await mapping.map({ K: 'D1' }, services).then(
    () => 'a value',
    (error: { code: string }) => error.code,
  );
  const ms = performance.now() - started;
  done = true;
  await poller;
  console.log(
    `${expression.slice(0, 44).padEnd(44)} → ${outcome.padEnd(24)} in ${ms.toFixed(0).padStart(5)} ms; /healthz worst ${worst.toFixed(1)} ms over ${polls} polls`,
  );
}
await pool.close();
server.close();
