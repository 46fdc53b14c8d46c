import { describe, expect, it } from 'vitest';
import { mappingBuiltins } from './builtins/index.js';
import { fakeServices } from './builtins/test-helpers.js';
import { compileExpression, type EvaluateOptions } from './expression.js';
import { hoistLiteralCalls } from './literal-calls.js';
import { syncJsonata } from './sync-jsonata.js';

const doc = {
  FBillNo: 'XSDD1',
  FCustId: 'C1',
  FDate: '2026-05-06T00:00:00',
  lines: [
    { FEntryID: 1, FMaterial: 'M1', FQty: '2', FAmount: 10.05 },
    { FEntryID: 2, FMaterial: 'M2', FQty: '3', FAmount: 0.125 },
    { FEntryID: 3, FMaterial: 'M1', FQty: '1', FAmount: 7 },
  ],
};

const synced = {
  customers: { C1: { company_id: 1001 } },
  materials: { M1: { product_id: 11 }, M2: { product_id: 12 } },
};

/** Expressions covering the JSONata the schemes use, plus odd corners; evaluated by both engines. */
const CORPUS: Array<[string, unknown]> = [
  ['FBillNo', doc],
  ["FBillNo & ' ' & FCustId", doc],
  ['lines.FQty', doc],
  ["[lines.{ 'q': $toNumber(FQty), 'p': $lookup('materials', FMaterial, 'product_id') }]", doc],
  ["lines.{ 'q': FQty }", { lines: [{ FQty: 1 }] }],
  ['$moneySum(lines.FAmount)', doc],
  ["( $r := $valueTable('rates', 'A'); $f := function($a) { $moneyMul($a, $r) }; lines.$f(FAmount) )", doc],
  ["{ $customField('okki', 'order', '物流费'): $moneySum(lines.FAmount) }", doc],
  ["[lines.{ $customField('okki', 'order', '物流费'): FAmount }]", { lines: [] }],
  ["lines[FQty > '1'].{ 'k': $customField('okki', 'order', '缺失') }", { lines: [] }],
  ["lines.{ 'k': $customField('okki', 'order', '缺失') }", doc],
  ["( $valueTable := function($t, $c) { $t & ':' & $c }; $valueTable('x', 'y') )", doc],
  ["( $g := function() { $customField('okki', 'order', '物流费') }; $g() )", doc],
  ["'okki' ~> $customField('order', '物流费')", doc],
  ["$valueTable('rates', 'A') * 100", doc],
  ["$valueTable('rates', 'Z')", doc],
  ["$lookup('customers', FCustId, 'company_id')", doc],
  ["$lookup('customers', 'C9', 'company_id')", doc],
  ["[lines.$lookup('materials', FMaterial & 'x', 'product_id')]", doc],
  ["$targetLookup('okki', 'user', { 'no': FCustId }, 'id')", doc],
  ["$targetLookup('okki', 'boom', {}, 'id')", doc],
  ['$formatDate(FDate, \'yyyy-MM-dd\') & "/" & $string($ceil($number($substring(FDate, 5, 2)) / 3))', doc],
  ['$sort(lines, function($a, $b) { $a.FAmount > $b.FAmount }).FEntryID', doc],
  ["$map(lines, function($l, $i) { $i & '-' & $l.FMaterial })", doc],
  ['lines{ FMaterial: $sum(FAmount) }', doc],
  ['$replace(FBillNo, /D+/, function($m) { $lowercase($m.match) })', doc],
  ['$reduce([1..5], function($a, $b) { $a + $b })', doc],
  ["'a' + 1", doc],
  ['$toNumber(FBillNo)', doc],
  ['lines[0]', [doc, doc]],
  ['$count(lines)', []],
];

function services() {
  return fakeServices({
    synced,
    fields: { 物流费: '5094664372713' },
    target: (args) => {
      if (args[1] === 'boom') throw new Error('OKKI said no');
      return 77;
    },
  });
}

async function outcome(text: string, input: unknown, engine: 'sync' | 'async', options: EvaluateOptions) {
  try {
    const value = await compileExpression(text, mappingBuiltins, undefined, { engine }).evaluate(input, options);
    return { value: JSON.parse(JSON.stringify(value ?? null)) as unknown };
  } catch (error) {
    const e = error as { code?: string; kind?: string; message?: string };
    return { error: { code: e.code, kind: e.kind, message: e.message } };
  }
}

describe('synchronous JSONata engine', () => {
  it('fits the installed jsonata (if this fails, mapping falls back to the slow async engine: run npm run gen:sync-jsonata)', () => {
    expect(syncJsonata().fallback).toBeUndefined();
    expect(syncJsonata().factory).not.toBeNull();
  });

  it.each(CORPUS)('gives what async JSONata gives: %s', async (text, input) => {
    const valueTables = { rates: { A: 0.02 } };
    const sync = await outcome(text, input, 'sync', { services: services().services, valueTables, caches: new Map() });
    const reference = await outcome(text, input, 'async', {
      services: services().services,
      valueTables,
      caches: new Map(),
    });
    expect(sync).toEqual(reference);
  });

  it('asks for all missing lookups of a round together and each key once', async () => {
    const { services: s, calls } = fakeServices({ synced });
    const expr = compileExpression("[lines.$lookup('materials', FMaterial, 'product_id')]", mappingBuiltins);
    expect(await expr.evaluate(doc, { services: s, caches: new Map() })).toEqual([11, 12, 11]);
    expect(calls.map((c) => c.args[1])).toEqual(['M1', 'M2']);
  });

  it('answers found lookups from the run cache, and asks again for misses', async () => {
    const { services: s, calls } = fakeServices({ synced });
    const caches = new Map();
    const found = compileExpression("$lookup('customers', FCustId, 'company_id')", mappingBuiltins);
    const missing = compileExpression("$lookup('customers', 'C9', 'company_id')", mappingBuiltins);
    for (let i = 0; i < 3; i++) {
      expect(await found.evaluate(doc, { services: s, caches })).toBe(1001);
      await expect(missing.evaluate(doc, { services: s, caches })).rejects.toMatchObject({ kind: 'lookup_missing' });
    }
    expect(calls.filter((c) => c.args[1] === 'C1')).toHaveLength(1);
    expect(calls.filter((c) => c.args[1] === 'C9')).toHaveLength(3);
  });

  it('hands recursion deeper than its JavaScript stack to the async engine', async () => {
    const expr = compileExpression('($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(3000))', mappingBuiltins, {
      timeoutMs: 30_000,
      maxDepth: 1_000_000,
    });
    expect(await expr.evaluate({})).toBe(3000);
  });

  it('still stops runaway recursion at the depth limit', async () => {
    const expr = compileExpression('($f := function($n) { 1 + $f($n + 1) }; $f(0))', mappingBuiltins);
    await expect(expr.evaluate({})).rejects.toMatchObject({ code: 'mapping.too_deep', kind: 'record' });
  });
});

describe('hoistLiteralCalls', () => {
  const hoist = (text: string) => {
    const parsed = syncJsonata().factory!(text);
    return {
      calls: hoistLiteralCalls(parsed.ast(), mappingBuiltins).map((c) => `${c.builtin.name}(${c.args.join(',')})`),
      ast: JSON.stringify(parsed.ast()),
    };
  };

  it('hoists literal calls of run-constant built-ins once each, leaving other calls alone', () => {
    const { calls, ast } = hoist(
      "lines.{ $customField('okki','order','a'): $moneyMul(x, 2), $customField('okki','order','a') & 'x': $valueTable('t', k), 'r': $valueTable('fx', 'USD') }",
    );
    expect(calls).toEqual(['customField(okki,order,a)', 'valueTable(fx,USD)']);
    expect(ast).toContain('"procedure":{"value":"valueTable"');
    expect(ast).toContain('"procedure":{"value":"moneyMul"');
  });

  it('leaves rebound names, path steps, lambda bodies and ~> alone', () => {
    expect(hoist("( $valueTable := function($a, $b) { $a }; $valueTable('x', 'y') )").calls).toEqual([]);
    expect(hoist("$valueTable('t', 'k').name").calls).toEqual([]);
    expect(hoist("function() { $valueTable('t', 'k') }").calls).toEqual([]);
    expect(hoist("'t' ~> $valueTable('k')").calls).toEqual([]);
    expect(hoist("$valueTable('t', 'k')[0]").calls).toEqual([]);
  });
});
