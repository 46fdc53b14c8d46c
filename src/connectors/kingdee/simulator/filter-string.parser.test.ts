import { describe, expect, it } from 'vitest';
import { arrayFilterToText } from './filter-array.js';
import { compileFilter, likeRegex } from './filter-compile.js';
import { FilterSyntaxError, parseFilterString, tokenize } from './filter-string.parser.js';
import { parseKdDate } from './sim-clock.js';
import type { FieldType, Value } from './sim-forms.js';

type Row = Record<string, Value>;
const TYPES: Record<string, FieldType> = {
  FQty: 'decimal',
  FName: 'text',
  FStatus: 'enum',
  FDate: 'date',
  FFree: 'bool',
  FNote: 'text',
  FCustId: 'ref',
};
const resolve = (key: string) => {
  const canonical = Object.keys(TYPES).find((k) => k.toLowerCase() === key.toLowerCase());
  if (!canonical) throw new Error(`unknown ${key}`);
  return { type: TYPES[canonical]!, get: (r: Row) => r[canonical] ?? null };
};
const match = (filter: string, rows: Row[]) =>
  rows.filter(compileFilter(parseFilterString(filter), resolve)).map((r) => r.FName);

const d = (s: string) => parseKdDate(s)!;
const ROWS: Row[] = [
  { FName: 'a', FQty: 10, FStatus: 'C', FDate: d('2025-01-01T08:00:00'), FFree: false, FNote: ' ', FCustId: 1 },
  { FName: 'b', FQty: 20, FStatus: 'A', FDate: d('2025-01-02T00:00:00'), FFree: true, FNote: "O'Brien", FCustId: 2 },
  { FName: 'c', FQty: 30, FStatus: 'C', FDate: null, FFree: false, FNote: '张三丰', FCustId: 0 },
  { FName: 'D_x', FQty: 40, FStatus: 'B', FDate: d('2025-01-03T23:59:59.5'), FFree: false, FNote: '100%', FCustId: 3 },
];

describe('FilterString tokenizer', () => {
  it("splits strings with '' escapes, N'' literals, numbers, operators and dotted keys", () => {
    const tokens = tokenize("FCustId.FNumber = N'it''s' AND FQty>=-1.5 OR x<>y != z");
    expect(tokens.map((t) => `${t.type}:${t.text}`)).toEqual([
      'ident:FCustId.FNumber',
      'op:=',
      "string:it's",
      'ident:AND',
      'ident:FQty',
      'op:>=',
      'number:-1.5',
      'ident:OR',
      'ident:x',
      'op:<>',
      'ident:y',
      'op:<>',
      'ident:z',
      'end:',
    ]);
  });

  it('reports unterminated strings and stray characters with a position', () => {
    expect(() => tokenize("FName = 'abc")).toThrow(FilterSyntaxError);
    expect(() => tokenize('FQty = 1 ; drop')).toThrow(/position 9/);
  });
});

describe('FilterString parser', () => {
  it('binds AND tighter than OR, and parentheses override', () => {
    expect(parseFilterString("FName = 'a' OR FName = 'b' AND FQty = 30")).toMatchObject({
      kind: 'or',
      right: { kind: 'and' },
    });
    expect(match("FName = 'a' OR FName = 'b' AND FQty = 30", ROWS)).toEqual(['a']);
    expect(match("(FName = 'a' OR FName = 'b') AND FQty = 20", ROWS)).toEqual(['b']);
  });

  it('NOT binds tighter than AND and applies to parenthesised groups', () => {
    expect(match("NOT FStatus = 'C' AND FQty > 10", ROWS)).toEqual(['b', 'D_x']);
    expect(match("NOT (FStatus = 'C' OR FQty > 30)", ROWS)).toEqual(['b']);
  });

  it('compares with every operator and treats <> and != alike', () => {
    expect(match('FQty > 20', ROWS)).toEqual(['c', 'D_x']);
    expect(match('FQty >= 20', ROWS)).toEqual(['b', 'c', 'D_x']);
    expect(match('FQty < 20', ROWS)).toEqual(['a']);
    expect(match('FQty <= 20', ROWS)).toEqual(['a', 'b']);
    expect(match("FStatus <> 'C'", ROWS)).toEqual(['b', 'D_x']);
    expect(match("FStatus != 'C'", ROWS)).toEqual(['b', 'D_x']);
    expect(match("FQty = '20'", ROWS)).toEqual(['b']);
  });

  it("unescapes '' inside literals", () => {
    expect(match("FNote = 'O''Brien'", ROWS)).toEqual(['b']);
  });

  it('LIKE supports % and _, is case-insensitive, and NOT LIKE negates', () => {
    expect(match("FNote LIKE '%三%'", ROWS)).toEqual(['c']);
    expect(match("FName LIKE 'd_X'", ROWS)).toEqual(['D_x']);
    expect(match("FName LIKE '_'", ROWS)).toEqual(['a', 'b', 'c']);
    expect(match("FName NOT LIKE '_'", ROWS)).toEqual(['D_x']);
    expect(likeRegex('100[%]').test('100%')).toBe(true);
  });

  it('IN and NOT IN over lists', () => {
    expect(match("FStatus IN ('A','B')", ROWS)).toEqual(['b', 'D_x']);
    expect(match('FQty NOT IN (10, 20, 30)', ROWS)).toEqual(['D_x']);
  });

  it('IS NULL / IS NOT NULL, and comparisons with NULL are unknown (not true, not false)', () => {
    expect(match('FDate IS NULL', ROWS)).toEqual(['c']);
    expect(match('FDate IS NOT NULL', ROWS)).toEqual(['a', 'b', 'D_x']);
    expect(match("NOT FDate < '2025-01-02'", ROWS)).toEqual(['b', 'D_x']);
  });

  it('compares dates as dates; a bare date means midnight', () => {
    expect(match("FDate >= '2025-01-02'", ROWS)).toEqual(['b', 'D_x']);
    expect(match("FDate <= '2025-01-03'", ROWS)).toEqual(['a', 'b']);
    expect(match("FDate < '2025-01-04'", ROWS)).toEqual(['a', 'b', 'D_x']);
    expect(match("FDate = '2025-01-01 08:00:00'", ROWS)).toEqual(['a']);
    expect(match("FDate BETWEEN '2025-01-01T09:00:00' AND '2025-01-03T23:59:59.5'", ROWS)).toEqual(['b', 'D_x']);
    expect(() => match("FDate > 'yesterday'", ROWS)).toThrow(/not a date/);
  });

  it('BETWEEN consumes its own AND and still chains with AND', () => {
    expect(match("FQty BETWEEN 15 AND 35 AND FStatus = 'C'", ROWS)).toEqual(['c']);
    expect(match('FQty NOT BETWEEN 15 AND 35', ROWS)).toEqual(['a', 'D_x']);
  });

  it('booleans compare with 1/0 and text ignores trailing blanks like SQL Server', () => {
    expect(match('FFree = 1', ROWS)).toEqual(['b']);
    expect(match("FFree = '0'", ROWS)).toEqual(['a', 'c', 'D_x']);
    expect(match("FNote = ''", ROWS)).toEqual(['a']);
    expect(match('1 = 1 AND FQty = 10', ROWS)).toEqual(['a']);
  });

  it('rejects malformed filters with a position', () => {
    for (const bad of [
      'FQty =',
      "FName = 'a' AND",
      '(FQty = 1',
      'FQty = 1)',
      'FQty 1',
      "FStatus IN ('A' 'B')",
      'FDate IS NOT',
      'FQty BETWEEN 1',
    ]) {
      expect(() => parseFilterString(bad), bad).toThrow(FilterSyntaxError);
    }
    expect(parseFilterString('   ')).toBeUndefined();
  });

  it('rejects a value that cannot be converted to the field type', () => {
    expect(() => match("FQty = 'ten'", ROWS)).toThrow(/number/);
  });
});

describe('array FilterString', () => {
  it('turns Left/FieldName/Compare/Value/Right/Logic items into the same grammar', () => {
    const text = arrayFilterToText([
      { Left: '(', FieldName: 'FStatus', Compare: '105', Value: 'C', Right: '', Logic: 1 },
      { Left: '', FieldName: 'FName', Compare: 67, Value: 'b', Right: ')', Logic: '0' },
      { FieldName: 'FNote', Compare: '17', Value: "O'B" },
    ]);
    expect(text).toBe("(FStatus = 'C' OR FName = 'b') AND FNote LIKE '%O''B%'");
    expect(match(text, ROWS)).toEqual(['b']);
    expect(() => arrayFilterToText([{ FieldName: 'FQty', Compare: '999', Value: 1 }])).toThrow(/Compare code/);
    expect(() => arrayFilterToText([{ FieldName: "x' OR 1=1 --", Compare: '67', Value: 1 }])).toThrow(/FieldName/);
  });
});
