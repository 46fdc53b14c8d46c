/**
 * Hostile mapping expressions (issue 11): each one fails only its document, with a clear reason,
 * within a generous bound, while the process keeps answering — a plain mapping evaluated at the
 * same time completes and the event loop is never blocked for long. Before the limits, the first
 * three rows crashed the process (V8 fatal error), blocked it for over a minute and then ran out
 * of memory, and answered nothing for ~210 s.
 *
 * Bounds are generous on purpose (busy 2-core machines); `scripts/mapping-limits-latency.ts`
 * measures the real numbers.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, describe, expect, it } from 'vitest';
import { ExpressionSyntaxError } from '../../src/scheme/mapping/expression.js';
import { isolateMapping } from '../../src/scheme/mapping/isolation/isolated-mapping.js';
import { MappingPool } from '../../src/scheme/mapping/isolation/mapping-pool.js';
import type { MappingServices } from '../../src/scheme/mapping/mapping-services.js';
import type { Scheme } from '../../src/scheme/scheme.schema.js';
import { MEMORY_READ_OPERATION, MEMORY_WRITE_OPERATION } from '../../src/testing/memory-connector.js';
import { MEMORY_CONNECTION, openMemoryQiao } from '../../src/testing/memory-qiao.js';

/** Per case: an answer (error or value) must come within this, and the event loop never stalls this long. */
const BOUND_MS = 10_000;
const MAX_LOOP_STALL_MS = 1_000;

const LONG_A = `${'a'.repeat(5_000)}!`;

type Expected =
  | { error: RegExp } // a per-document error with this code
  | { value: true } // a value, quickly (e.g. RE2 answers a catastrophic pattern in linear time)
  | { compile: RegExp }; // refused when the scheme is prepared, before any document

/** [what, expression, expected outcome] */
const CASES: Array<[string, string, Expected]> = [
  // The three from the issue.
  ['pad to 400 M characters', "$pad('x', 400000000)", { error: /mapping\.limit_exceeded/ }],
  ['sort a 3 M range', '$sort($reverse([1..3000000]))', { error: /mapping\.limit_exceeded/ }],
  ['catastrophic regex (a+)+$', `$match('${LONG_A}', /(a+)+$/)`, { value: true }],
  // Strings.
  ['pad left to 400 M', "$pad('x', -400000000)", { error: /mapping\.limit_exceeded/ }],
  ['pad with a long pad string', "$pad('', 2000000, 'abc')", { error: /mapping\.limit_exceeded/ }],
  [
    'string doubling by recursion',
    "($f := function($s, $n) { $n = 0 ? $s : $f($s & $s, $n - 1) }; $length($f('x', 40)))",
    { error: /mapping\.limit_exceeded/ },
  ],
  ['join 100 k long parts', "$join([1..100000].$string($), $pad('', 900))", { error: /mapping\.limit_exceeded/ }],
  [
    'one big string shared by 100 k slots',
    "($s := $pad('x', 999999); [1..100000].$s)",
    { error: /mapping\.limit_exceeded/ },
  ],
  [
    '$string of a shared big string',
    "($s := $pad('x', 999999); $string([1..100000].$s))",
    { error: /mapping\.limit_exceeded/ },
  ],
  [
    'replace every char by 1000',
    "$replace($pad('a', 100000, 'a'), 'a', $pad('b', 1000, 'b'))",
    { error: /mapping\.limit_exceeded/ },
  ],
  ['base64 over the string cap', "$base64encode($pad('x', 999999))", { error: /mapping\.limit_exceeded/ }],
  [
    'URL-encode over the string cap',
    "$encodeUrlComponent($pad('中', 999999, '中'))",
    { error: /mapping\.limit_exceeded/ },
  ],
  // Arrays and ranges.
  ['range of 3 M', '[1..3000000]', { error: /mapping\.limit_exceeded/ }],
  ['range of 10 M', '$count([1..10000000])', { error: /mapping\.limit_exceeded/ }],
  ['cross join 10 k × 10 k', '$count([1..10000].[1..10000])', { error: /mapping\.(limit_exceeded|timeout)/ }],
  ['split into 1 M parts', "$split($pad('', 999999), '')", { error: /mapping\.limit_exceeded/ }],
  ['append two 90 k arrays', '$append([1..90000], [1..90000])', { error: /mapping\.limit_exceeded/ }],
  [
    'memory flood: 100 k strings of 1 MB',
    "$count([1..99999].$pad('', 999999))",
    { error: /mapping\.(limit_exceeded|timeout)/ },
  ],
  [
    'sort 99 k with a lambda',
    '$count($sort([1..99999], function($a, $b) { $a < $b }))',
    { error: /mapping\.(limit_exceeded|timeout)/ },
  ],
  // Recursion and nesting.
  [
    'endless recursion',
    '($f := function($n) { 1 + $f($n + 1) }; $f(0))',
    { error: /mapping\.(too_deep|timeout|expression_failed)/ },
  ],
  ['endless tail call', '($f := function($n) { $f($n + 1) }; $f(0))', { error: /mapping\.(timeout|too_deep)/ }],
  [
    'deep object then $string',
    "$string($reduce([1..50000], function($a, $b) { { 'x': $a } }, {}))",
    { error: /mapping\./ },
  ],
  ['deeply nested parentheses', `${'('.repeat(3000)}1${')'.repeat(3000)}`, { compile: /nested too deeply/ }],
  // Regexes: RE2 answers in linear time or refuses what it cannot run.
  ['catastrophic replace', `$replace('${LONG_A}', /(a+)+b/, 'x')`, { value: true }],
  ['catastrophic contains', `$contains('${LONG_A}', /(a|aa)+$/)`, { value: true }],
  ['catastrophic split', `$split('${LONG_A}', /(a*)*b/)`, { value: true }],
  ['nested quantifiers on a long line', `$match('${'x'.repeat(20_000)}y', /(x+x+)+z/)`, { value: true }],
  ['backreference', "$match('aa', /(a)\\1/)", { compile: /not supported/ }],
  ['lookahead', "$match('ab', /a(?=b)/)", { compile: /not supported/ }],
  // Internal bindings and escapes.
  ['internal evaluation binding', '$__qiaoEvaluation', { value: true }],
  ['internal evaluation services', '$__qiaoEvaluation.context.services', { value: true }],
  ['internal guard call', '$__qiaoGuardrails()', { error: /mapping\.expression_failed/ }],
  ['$eval', "$eval('1 + 1')", { error: /mapping\.function_not_allowed/ }],
  ['$eval of a hostile pad', '$eval("$pad(\'x\', 400000000)")', { error: /mapping\.function_not_allowed/ }],
];

function schemeFor(expression: string): Scheme {
  return {
    id: 'hostile',
    source: { connection: 'm', api: 'rows', key: 'K' },
    target: { connection: 'm', api: 'push', key: 'no' },
    mapping: { document: { no: 'K', hostile: expression } },
  } as unknown as Scheme;
}

const services: MappingServices = {
  lookupSynced: async () => null,
  lookupTarget: async () => null,
  customFieldId: async () => '1',
  now: () => new Date('2026-01-01T00:00:00Z'),
};

const pool = new MappingPool({ size: 2 });
afterAll(() => pool.close());
const plain = isolateMapping(
  { ...schemeFor("$uppercase(K) & '-' & $string($count(lines))"), id: 'plain' } as Scheme,
  pool,
);

/** Runs `work` while watching the event loop and mapping a plain document every 50 ms through the same pool. */
async function whileResponsive<T>(
  work: () => Promise<T>,
): Promise<{ outcome: T; stallMs: number; plainAnswers: number }> {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  let plainAnswers = 0;
  let stop = false;
  const plainLoop = (async () => {
    // Until the hostile case is done, and at least one plain answer came back (a fast refusal may come first).
    for (let i = 0; !stop || plainAnswers === 0; i++) {
      const payload = await plain.map({ K: `k${i}`, lines: [1, 2] }, services);
      expect(payload).toEqual({ no: `k${i}`, hostile: `K${i}-2` });
      plainAnswers++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  })();
  let outcome: T;
  try {
    outcome = await work();
  } finally {
    stop = true;
    await plainLoop;
    delay.disable();
  }
  return { outcome, stallMs: delay.max / 1e6, plainAnswers };
}

describe('hostile mapping expressions fail only their document', () => {
  it('has at least 30 cases', () => expect(CASES.length).toBeGreaterThanOrEqual(30));

  it.each(CASES)('%s', async (_what, expression, expected) => {
    if ('compile' in expected) {
      let thrown: unknown;
      try {
        isolateMapping(schemeFor(expression), pool);
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toBeInstanceOf(ExpressionSyntaxError);
      expect((thrown as Error).message).toMatch(expected.compile);
      return;
    }
    const mapping = isolateMapping(schemeFor(expression), pool);
    const started = Date.now();
    const { outcome, stallMs, plainAnswers } = await whileResponsive(() =>
      mapping.map({ K: 'D1' }, services).then(
        (payload) => ({ ok: true as const, payload }),
        (error: { code?: string; message?: string; details?: Record<string, unknown> }) => ({
          ok: false as const,
          error,
        }),
      ),
    );
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(BOUND_MS);
    expect(stallMs).toBeLessThan(MAX_LOOP_STALL_MS);
    expect(plainAnswers).toBeGreaterThan(0);
    if ('value' in expected) {
      expect(outcome.ok ? 'answered' : outcome.error.message).toBe('answered');
    } else {
      expect(outcome.ok ? 'answered' : outcome.error.code).toMatch(expected.error);
      if (!outcome.ok) {
        // The reason names the field and the document.
        expect(outcome.error.message).toMatch(/field "hostile" of document D1/);
        expect(outcome.error.details?.field).toBe('hostile');
      }
    }
  });
});

describe('preview gets the same limits', () => {
  it('a hostile unsaved scheme fails its document in preview while the engine keeps answering', async () => {
    const memory = await openMemoryQiao();
    try {
      const yaml = (expression: string) =>
        [
          'version: 1',
          'id: hostile-preview',
          'name: Hostile preview',
          'source:',
          `  connection: ${MEMORY_CONNECTION}`,
          `  api: ${MEMORY_READ_OPERATION}`,
          '  key: FBillNo',
          '  params:',
          '    table: hostile-preview',
          'target:',
          `  connection: ${MEMORY_CONNECTION}`,
          `  api: ${MEMORY_WRITE_OPERATION}`,
          '  key: order_no',
          'mapping:',
          '  document:',
          '    order_no: FBillNo',
          `    note: ${JSON.stringify(expression)}`,
          '',
        ].join('\n');
      const { outcome, stallMs } = await whileResponsive(async () => {
        const cases = ["$pad('x', 400000000)", '$sort($reverse([1..3000000]))', "$count([1..99999].$pad('', 999999))"];
        const items = [];
        for (const expression of cases)
          items.push(
            ...(await memory.qiao.engine.preview('hostile-preview', {
              yaml: yaml(expression),
              sourceDocument: { FBillNo: 'SO1' },
            })),
          );
        return items;
      });
      expect(stallMs).toBeLessThan(MAX_LOOP_STALL_MS);
      expect(outcome.map((item) => item.error?.code)).toEqual([
        'mapping.limit_exceeded',
        'mapping.limit_exceeded',
        expect.stringMatching(/mapping\.(limit_exceeded|timeout)/),
      ]);
      expect(outcome[0]?.error?.message).toMatch(/field "note" of document SO1.*maxStringLength/);
    } finally {
      await memory.close();
    }
  });
});
