import { describe, expect, it } from 'vitest';
import { mappingBuiltins } from './builtins/index.js';
import { fakeServices } from './builtins/test-helpers.js';
import { compileExpression, ExpressionSyntaxError, findCalls } from './expression.js';

describe('compileExpression', () => {
  it('reports syntax errors with the character position', () => {
    try {
      compileExpression('FQty + ', mappingBuiltins);
      throw new Error('should not compile');
    } catch (error) {
      expect(error).toBeInstanceOf(ExpressionSyntaxError);
      expect((error as ExpressionSyntaxError).position).toBeGreaterThan(0);
    }
  });

  it('stops runaway recursion at the depth limit with a record error', async () => {
    const expr = compileExpression(
      '($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(100000))',
      mappingBuiltins,
      { timeoutMs: 60_000, maxDepth: 200 },
    );
    await expect(expr.evaluate({})).rejects.toMatchObject({ kind: 'record', code: 'mapping.too_deep' });
  });

  it('allows recursion within the limit', async () => {
    const expr = compileExpression('($f := function($n) { $n = 0 ? 0 : 1 + $f($n - 1) }; $f(10))', mappingBuiltins, {
      timeoutMs: 1_000,
      maxDepth: 500,
    });
    expect(await expr.evaluate({})).toBe(10);
  });

  it('stops an endless tail-recursive loop at the time limit', async () => {
    // Tail calls do not deepen the stack, so only the clock can stop this one.
    const expr = compileExpression('($loop := function($n) { $loop($n + 1) }; $loop(0))', mappingBuiltins, {
      timeoutMs: 100,
      maxDepth: 500,
    });
    const started = Date.now();
    await expect(expr.evaluate({})).rejects.toMatchObject({
      kind: 'record',
      code: 'mapping.timeout',
      message: expect.stringContaining('100 ms'),
    });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('does not charge time spent waiting on services to the budget', async () => {
    const { services } = fakeServices({ synced: { s: { k: { id: 1 } } } });
    const slow = {
      ...services,
      lookupSynced: async (scheme: string, key: string) => (
        await new Promise((r) => setTimeout(r, 80)), services.lookupSynced(scheme, key)
      ),
    };
    const expr = compileExpression("[1,2,3].$lookup('s', 'k', 'id')", mappingBuiltins, {
      timeoutMs: 50,
      maxDepth: 500,
    });
    expect([...((await expr.evaluate({}, { services: slow })) as number[])]).toEqual([1, 1, 1]);
  });

  it('keeps budgets separate for concurrent evaluations of one expression', async () => {
    const expr = compileExpression('$sum([1..1000].($ * 2))', mappingBuiltins, { timeoutMs: 1_000, maxDepth: 50 });
    const results = await Promise.all(Array.from({ length: 20 }, () => expr.evaluate({})));
    expect(new Set(results)).toEqual(new Set([1001000]));
  });

  it('turns JSONata runtime errors into record errors', async () => {
    await expect(compileExpression("'a' + 1", mappingBuiltins).evaluate({})).rejects.toMatchObject({
      kind: 'record',
      code: 'mapping.expression_failed',
    });
  });

  it('finds calls with literal arguments', () => {
    const expr = compileExpression(
      "lines.{ 'c': $valueTable('currency', x), 'd': $valueTable(t, y) }",
      mappingBuiltins,
    );
    expect(findCalls(expr.ast, 'valueTable').map((c) => c.args[0])).toEqual(['currency', undefined]);
  });
});
