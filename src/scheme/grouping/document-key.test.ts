import { describe, expect, it } from 'vitest';
import { checkDocumentKey, MAX_DOCUMENT_KEY_LENGTH, QUARANTINE_KEY_PREFIX } from './document-key.js';

describe('checkDocumentKey', () => {
  it.each([
    ['XSDD000001', 'XSDD000001'],
    [100123, '100123'],
    [1.5, '1.5'],
    [Number.MAX_SAFE_INTEGER, '9007199254740991'],
    ['订单 A-1 (copy)', '订单 A-1 (copy)'],
    ['x'.repeat(MAX_DOCUMENT_KEY_LENGTH), 'x'.repeat(MAX_DOCUMENT_KEY_LENGTH)],
  ])('accepts %j as %j', (value, key) => {
    expect(checkDocumentKey(value)).toEqual({ ok: true, key });
  });

  it.each([
    ['a 400-digit number (parsed as Infinity)', JSON.parse('1'.padEnd(400, '0')), /Infinity.*select the key as text/],
    ['a 20-digit number that lost its last digits', 12345678901234567890, /too large to be exact/],
    ['NaN', Number.NaN, /NaN/],
    ['a NUL', 'SO\u00001', /U\+0000 at position 3/],
    ['a bidi override', 'SO\u202E1', /U\+202E/],
    ['a lone surrogate', 'SO\uD8001', /U\+D800/],
    ['a newline', 'SO\n1', /U\+000A/],
    ['a slash', '../etc/passwd', /path separator/],
    ['a backslash', 'a\\b', /path separator/],
    ['..', 'SO..1', /"\.\."/],
    ['an over-long key', 'x'.repeat(MAX_DOCUMENT_KEY_LENGTH + 1), /257 characters long/],
    ['an object', { id: 1 }, /an object, not text or a number/],
    ['an array', [1], /an array/],
    ['a boolean', true, /a boolean/],
    ['the quarantine prefix', `${QUARANTINE_KEY_PREFIX}abc`, /reserves for quarantined rows/],
  ])('refuses %s', (_name, value, problem) => {
    const check = checkDocumentKey(value);
    expect(check).toMatchObject({ ok: false, missing: false });
    expect(check.ok === false && check.problem).toMatch(problem);
  });

  it.each([undefined, null, '', '   '])('treats %j as missing', (value) => {
    expect(checkDocumentKey(value)).toMatchObject({ ok: false, missing: true });
  });
});
