import { describe, expect, it } from 'vitest';
import { contentHash, stableStringify } from './stable-hash.js';

describe('stableStringify', () => {
  it('sorts object keys at every depth and keeps array order', () => {
    expect(stableStringify({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}',
    );
    expect(stableStringify([2, 1])).not.toBe(stableStringify([1, 2]));
  });

  it('is equal for equal content built in a different order', () => {
    const a: Record<string, unknown> = {};
    a.customer = 'C001';
    a.lines = [{ qty: 1, sku: 'A' }];
    const b = { lines: [{ sku: 'A', qty: 1 }], customer: 'C001' };
    expect(stableStringify(a)).toBe(stableStringify(b));
    expect(contentHash(a)).toBe(contentHash(b));
  });

  it('follows JSON.stringify for dates, undefined, non-finite numbers and unicode', () => {
    expect(stableStringify({ at: new Date('2026-01-02T03:04:05.000Z'), gone: undefined, f: () => 1 })).toBe(
      '{"at":"2026-01-02T03:04:05.000Z"}',
    );
    expect(stableStringify([undefined, NaN, Infinity, -0])).toBe('[null,null,null,0]');
    expect(stableStringify('销售订单 "x"\n')).toBe(JSON.stringify('销售订单 "x"\n'));
    expect(stableStringify(undefined)).toBe('null');
    expect(stableStringify(null)).toBe('null');
  });

  it('rejects BigInt and circular structures with a stable code', () => {
    expect(() => stableStringify({ n: 1n })).toThrow(expect.objectContaining({ code: 'hash.unsupported_value' }));
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => stableStringify(loop)).toThrow(/circular reference at \$\.self/);
    const shared = { x: 1 };
    expect(stableStringify({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});

describe('contentHash', () => {
  it('is the sha256 hex of the stable JSON and differs for different content', () => {
    // sha256('{"a":1}')
    expect(contentHash({ a: 1 })).toBe('015abd7f5cc57a2dd94b7590f04ad8084273905ee33ec5cebeae62276a97f862');
    expect(contentHash({ a: 1 })).toMatch(/^[0-9a-f]{64}$/);
    expect(contentHash({ a: 1 })).not.toBe(contentHash({ a: '1' }));
  });
});
