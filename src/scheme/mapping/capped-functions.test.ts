import { describe, expect, it } from 'vitest';
import { mappingBuiltins } from './builtins/index.js';
import { compileExpression, ExpressionSyntaxError } from './expression.js';

const LIMITS = { timeoutMs: 5_000, maxDepth: 500, maxStringLength: 1_000, maxArrayLength: 100, maxResultChars: 5_000 };
const run = (text: string, engine: 'sync' | 'async', input: unknown = {}) =>
  compileExpression(text, mappingBuiltins, LIMITS, { engine })
    .evaluate(input)
    .then(
      (value) => ({ value }),
      (error: { code: string; message: string; details: Record<string, unknown> }) => ({ error }),
    );

describe.each(['sync', 'async'] as const)('in-process limits on the %s engine', (engine) => {
  it.each([
    ["$pad('x', 1001)", 'maxStringLength', 1001],
    ["$pad('', 600, 'ab')", 'maxStringLength', 1200],
    ["$join(['abc', 'def'], $pad('', 999))", 'maxStringLength', 1005],
    ['$append([1..60], [1..60])', 'maxArrayLength', 120],
    ["$replace('aaaa', 'a', $pad('', 300))", 'maxStringLength', 1204],
    ["$string([1..50].($string($) & 'abcdefghijklmnopqrstuvwxyz'))", 'maxStringLength', undefined],
    ["$split($pad('', 500), '')", 'maxArrayLength', 500],
    ["$uppercase($pad('', 1001))", 'maxStringLength', undefined],
  ])('%s is refused by %s', async (text, limit, size) => {
    const outcome = await run(text, engine);
    expect('error' in outcome && outcome.error.code).toBe('mapping.limit_exceeded');
    if ('error' in outcome) {
      expect(outcome.error.details.limit).toBe(limit);
      if (size !== undefined) expect(outcome.error.details.size).toBe(size);
      expect(outcome.error.message).toMatch(/over the mapping limit of/);
    }
  });

  it('keeps working below the caps', async () => {
    expect(await run("$pad('7', -3, '0') & $join(['a', 'b'], '-') & $string($count([1..100]))", engine)).toEqual({
      value: '007a-b100',
    });
  });

  it('refuses $eval, which would compile an expression outside every limit', async () => {
    const outcome = await run("$eval('1 + 1')", engine);
    expect('error' in outcome && outcome.error.code).toBe('mapping.function_not_allowed');
  });

  it('gives expressions no way to the engine internals', async () => {
    for (const name of ['__qiaoEvaluation', '__qiaoGuardrails', '__qiaoLiteral0', 'qiao'])
      expect(await run(`$${name}`, engine)).toEqual({ value: undefined });
  });

  it('runs regex literals on RE2 with RegExp results (UTF-16 offsets, unmatched groups)', async () => {
    const matched = await run("$match('物流费 c12 c', /c(\\d+)?/)", engine);
    expect(JSON.parse(JSON.stringify(matched))).toEqual({
      value: [
        { match: 'c12', index: 4, groups: ['12'] },
        { match: 'c', index: 8, groups: [null] },
      ],
    });
    expect(await run("$replace('Ab ab', /a(b)/i, '[$1]')", engine)).toEqual({ value: '[b] [b]' });
    expect(await run(`$contains('${'a'.repeat(30)}!', /(a+)+$/)`, engine)).toEqual({ value: false });
  });
});

describe('sync engine only', () => {
  it('checks every step: a string built by & and a range, before it is allocated', async () => {
    const doubled = await run("($f := function($s, $n) { $n = 0 ? $s : $f($s & $s, $n - 1) }; $f('x', 11))", 'sync');
    expect('error' in doubled && doubled.error.details).toMatchObject({ limit: 'maxStringLength', size: 1024 });
    const range = await run('[1..101]', 'sync');
    expect('error' in range && range.error.details).toMatchObject({ limit: 'maxArrayLength', size: 101 });
  });
});

it('refuses at compile time what RE2 cannot run, saying why', () => {
  for (const text of ["$match('aa', /(a)\\1/)", "$match('ab', /a(?=b)/)"]) {
    expect(() => compileExpression(text, mappingBuiltins)).toThrow(ExpressionSyntaxError);
    expect(() => compileExpression(text, mappingBuiltins)).toThrow(
      /not supported.*RE2: no backreferences or lookaround/,
    );
  }
});
