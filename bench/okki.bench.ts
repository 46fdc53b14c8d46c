/**
 * OKKI client throughput: N order pushes at concurrency C against the OKKI simulator, through
 * `OkkiClient.pushOrder` and through a bare `fetch` loop (token fetched once) doing the same pushes.
 *
 *   npm run bench:okki -- [--pushes 10000] [--concurrency 8] [--warmup 200] [--rounds 1]
 *
 * Process layout (why): the simulator runs in its own child process so its CPU does not count
 * against the client, and each measured phase (bare, client) runs in a fresh child process too, so
 * each gets its own peak RSS (`process.resourceUsage().maxRSS`) and its own JIT warm-up, and neither
 * inherits the other's heap. The parent only orchestrates and prints. With --rounds 2 the phases
 * alternate (bare, client, client, bare) to cancel any drift from the simulator's growing store.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { OkkiClient } from '../src/connectors/okki/index.js';

interface Fixtures {
  url: string;
  clientId: string;
  clientSecret: string;
  companyId: string;
  flagField: string;
  freightField: string;
  lines: Array<{ product_id: string; sku_id: string }>;
}

interface PhaseResult {
  phase: 'bare' | 'client';
  pushes: number;
  errors: number;
  droppedLines: number;
  ms: number;
  pushesPerSecond: number;
  cpuMsPerPush: number;
  rssBeforeMb: number;
  peakRssMb: number;
}

const SELF = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);
const opt = (name: string, fallback: string): string => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] ? args[at + 1]! : fallback;
};

/** The same payload for push `i` in both phases (distinct order numbers per phase and round). */
function payload(f: Fixtures, prefix: string, i: number): Record<string, unknown> {
  const product_list = [0, 1, 2].map((k) => {
    const line = f.lines[(i + k) % f.lines.length]!;
    const count = 1 + ((i + k) % 5);
    return {
      product_id: line.product_id,
      sku_id: line.sku_id,
      count,
      unit_price: 12.5,
      cost_amount: count * 12.5,
      [f.freightField]: k,
    };
  });
  return {
    order_no: `${prefix}-${i}`,
    name: `bench ${i}`,
    currency: 'CNY',
    company_id: f.companyId,
    account_date: '2026-03-01',
    [f.flagField]: '已同步',
    product_list,
  };
}

/** Runs `total` tasks with `concurrency` workers. */
async function pool(total: number, concurrency: number, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < total) await task(next++);
    }),
  );
}

async function runPhase(
  phase: 'bare' | 'client',
  f: Fixtures,
  prefix: string,
  pushes: number,
  concurrency: number,
  warmup: number,
): Promise<PhaseResult> {
  let errors = 0;
  let dropped = 0;
  let push: (body: Record<string, unknown>) => Promise<void>;
  if (phase === 'client') {
    const client = new OkkiClient({
      type: 'okki',
      baseUrl: f.url,
      clientId: f.clientId,
      clientSecret: f.clientSecret,
      rateLimit: { concurrency },
    });
    push = async (body) => {
      const result = await client.pushOrder(body);
      dropped += result.droppedLines.length;
    };
  } else {
    const tokenReply = await fetch(`${f.url}/v1/oauth2/access_token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        grant_type: 'client_credentials',
        client_id: f.clientId,
        client_secret: f.clientSecret,
        scope: 'invoices company product user',
      }),
    });
    const { access_token } = (await tokenReply.json()) as { access_token: string };
    const headers = {
      'content-type': 'application/json',
      accept: 'application/json',
      authorization: `Bearer ${access_token}`,
    };
    push = async (body) => {
      const res = await fetch(`${f.url}/v1/invoices/order/push`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
      });
      const json = (await res.json()) as { code?: number };
      if (json.code !== 200) throw new Error(`push failed: ${JSON.stringify(json).slice(0, 200)}`);
    };
  }
  const guarded = async (body: Record<string, unknown>) => {
    try {
      await push(body);
    } catch {
      errors++;
    }
  };
  await pool(warmup, concurrency, (i) => guarded(payload(f, `${prefix}-W`, i)));
  errors = 0;
  dropped = 0;
  const rssBefore = process.memoryUsage.rss();
  const cpu = process.cpuUsage();
  const started = performance.now();
  await pool(pushes, concurrency, (i) => guarded(payload(f, prefix, i)));
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  return {
    phase,
    pushes,
    errors,
    droppedLines: dropped,
    ms: Math.round(ms),
    pushesPerSecond: Math.round((pushes / ms) * 1000),
    cpuMsPerPush: Number(((used.user + used.system) / 1000 / pushes).toFixed(3)),
    rssBeforeMb: Math.round(rssBefore / 1048576),
    peakRssMb: Math.round((process.resourceUsage().maxRSS * 1024) / 1048576),
  };
}

/** Spawns this file with `role` and resolves with the first JSON line it prints. */
function child(role: string, extra: string[]): { proc: ChildProcess; first: Promise<unknown> } {
  const proc = spawn(process.execPath, ['--import', 'tsx', SELF, '--role', role, ...extra], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const first = new Promise<unknown>((resolve, reject) => {
    const lines = createInterface({ input: proc.stdout! });
    lines.once('line', (line) => resolve(JSON.parse(line)));
    proc.once('exit', (code) => reject(new Error(`${role} child exited with ${code} before reporting`)));
  });
  return { proc, first };
}

async function prepareFixtures(url: string, clientId: string, clientSecret: string): Promise<Fixtures> {
  const client = new OkkiClient({ type: 'okki', baseUrl: url, clientId, clientSecret, rateLimit: { concurrency: 8 } });
  const lines: Fixtures['lines'] = [];
  for await (const row of client.listProducts({ pageSize: 50 })) {
    const info = await client.getProduct({ product_id: row.product_id });
    const sku = info?.sku_items?.[0];
    if (sku) lines.push({ product_id: String(row.product_id), sku_id: String(sku.sku_id) });
    if (lines.length >= 20) break;
  }
  let companyId = '';
  for await (const company of client.listCompanies({ pageSize: 1 })) {
    companyId = String(company.company_id);
    break;
  }
  return {
    url,
    clientId,
    clientSecret,
    companyId,
    lines,
    flagField: await client.customFieldId('order', '金蝶标识状态'),
    freightField: await client.customFieldId('order', '物流费', { level: 'line' }),
  };
}

async function main(): Promise<void> {
  const role = opt('role', 'main');
  if (role === 'sim') {
    const { startOkkiSimulator } = await import('../src/connectors/okki/simulator/okki-simulator.js');
    const sim = await startOkkiSimulator({ seed: 1, preload: 'all' });
    process.stdout.write(`${JSON.stringify({ url: sim.url, ...sim.credentials })}\n`);
    process.stdin.resume();
    process.stdin.on('end', () => void sim.close().then(() => process.exit(0)));
    return;
  }
  if (role === 'bare' || role === 'client') {
    const fixtures = JSON.parse(readFileSync(opt('fixtures', ''), 'utf8')) as Fixtures;
    const result = await runPhase(
      role,
      fixtures,
      opt('prefix', role),
      Number(opt('pushes', '10000')),
      Number(opt('concurrency', '8')),
      Number(opt('warmup', '200')),
    );
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }

  const pushes = opt('pushes', '10000');
  const concurrency = opt('concurrency', '8');
  const warmup = opt('warmup', '200');
  const rounds = Number(opt('rounds', '1'));
  const sim = child('sim', []);
  try {
    const info = (await sim.first) as { url: string; clientId: string; clientSecret: string };
    const fixtures = await prepareFixtures(info.url, info.clientId, info.clientSecret);
    const file = join(mkdtempSync(join(tmpdir(), 'qiao-okki-bench-')), 'fixtures.json');
    writeFileSync(file, JSON.stringify(fixtures));
    console.log(
      `OKKI bench: ${pushes} order pushes (3 lines each), concurrency ${concurrency}, ${warmup} warm-up pushes per phase; simulator in a child process at ${info.url}; each phase in its own process.`,
    );
    const results: PhaseResult[] = [];
    for (let round = 0; round < rounds; round++) {
      const order: Array<'bare' | 'client'> = round % 2 === 0 ? ['bare', 'client'] : ['client', 'bare'];
      for (const phase of order) {
        const run = child(phase, [
          '--fixtures',
          file,
          '--prefix',
          `B${Date.now()}-${phase}-${round}`,
          '--pushes',
          pushes,
          '--concurrency',
          concurrency,
          '--warmup',
          warmup,
        ]);
        results.push((await run.first) as PhaseResult);
      }
    }
    const table = results.map((r) => ({
      phase: r.phase,
      pushes: r.pushes,
      errors: r.errors,
      'pushes/s': r.pushesPerSecond,
      'cpu ms/push': r.cpuMsPerPush,
      'rss before MB': r.rssBeforeMb,
      'peak RSS MB': r.peakRssMb,
      'dropped lines': r.droppedLines,
    }));
    console.table(table);
    const mean = (phase: 'bare' | 'client', key: 'pushesPerSecond' | 'peakRssMb' | 'cpuMsPerPush') => {
      const rows = results.filter((r) => r.phase === phase);
      return rows.reduce((s, r) => s + r[key], 0) / rows.length;
    };
    const ratio = mean('client', 'pushesPerSecond') / mean('bare', 'pushesPerSecond');
    console.log(
      `client/bare throughput ratio: ${ratio.toFixed(2)} (client ${Math.round(mean('client', 'pushesPerSecond'))} pushes/s vs bare ${Math.round(mean('bare', 'pushesPerSecond'))} pushes/s)`,
    );
    console.log(
      `client/bare peak RSS: ${Math.round(mean('client', 'peakRssMb'))} MB vs ${Math.round(mean('bare', 'peakRssMb'))} MB; CPU per push ${mean('client', 'cpuMsPerPush').toFixed(3)} ms vs ${mean('bare', 'cpuMsPerPush').toFixed(3)} ms`,
    );
    if (results.some((r) => r.errors > 0)) process.exitCode = 1;
  } finally {
    sim.proc.stdin?.end();
    sim.proc.kill('SIGTERM');
  }
}

await main();
