import { describe, expect, it } from 'vitest';
import { en } from './en.js';
import { interpolate } from './interpolate.js';
import { zhCN } from './zh-CN.js';

describe('i18n dictionaries', () => {
  it('have the same keys and no empty texts', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
    for (const [key, text] of [...Object.entries(zhCN), ...Object.entries(en)]) expect(text.trim(), key).not.toBe('');
  });

  it('use the same placeholders in both languages', () => {
    const names = (text: string): string[] => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const key of Object.keys(zhCN) as Array<keyof typeof zhCN>)
      expect(names(en[key]), key).toEqual(names(zhCN[key]));
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(interpolate('共 {n} 条', { n: 12 })).toBe('共 12 条');
    expect(interpolate('{a} and {b}', { a: 'x' })).toBe('x and {b}');
  });
});
