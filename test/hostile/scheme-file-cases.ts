import type { HostileCase } from './corpus.js';
import { change, CUSTOMERS, ORDERS } from './scheme-inputs.js';

/** A scheme text (written as x.yaml next to the customers scheme), its raw bytes, or a whole directory. */
export type SchemeInput = string | { bytes: Uint8Array } | { files: Record<string, string> };

const orders = (from: string, to: string): string => change(ORDERS, from, to);

/** "a: &a [x×10]", then nine levels of ten aliases each: 10^10 strings once expanded. */
function aliasBomb(): string {
  let text = 'bomb0: &b0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]\n';
  for (let i = 1; i < 10; i++)
    text += `bomb${i}: &b${i} [${Array(10)
      .fill(`*b${i - 1}`)
      .join(', ')}]\n`;
  return text;
}

/** GBK bytes for 订单 (what an old Windows editor saves). */
const GBK_ORDERS = new Uint8Array([0xb6, 0xa9, 0xb5, 0xa5]);

function withBytes(text: string, marker: string, bytes: Uint8Array): Uint8Array {
  const [before, after] = change(text, marker, '\u0001').split('\u0001') as [string, string];
  return new Uint8Array([...Buffer.from(before), ...bytes, ...Buffer.from(after)]);
}

/** Broken YAML, unsafe YAML, and documents of the wrong shape. */
export const SCHEME_FILE_CASES: Array<HostileCase<SchemeInput>> = [
  // Syntax.
  { name: 'an unclosed flow list', input: orders('fields: [FModifyDate]', 'fields: [FModifyDate'), expect: 'YAML:' },
  {
    name: 'a key indented one space too far',
    input: orders('  key: FBillNo\n  cursor:', '  key: FBillNo\n   cursor:'),
    expect: 'YAML:',
  },
  { name: 'a tab as indentation', input: orders('  key: FBillNo', '\tkey: FBillNo'), expect: 'Tabs are not allowed' },
  {
    name: 'the same key twice',
    input: orders('    order_no: FBillNo\n', '    order_no: FBillNo\n    order_no: FBillNo\n'),
    expect: 'a key appears twice',
  },
  { name: 'two YAML documents in one file', input: `${ORDERS}---\n${CUSTOMERS}`, expect: 'holds one YAML document' },
  {
    name: 'an alias to an anchor that does not exist',
    input: orders('name: Orders', 'name: *nothing'),
    expect: 'Unresolved alias',
  },
  { name: 'an unterminated quoted string', input: orders('name: Orders', 'name: "Orders'), expect: 'YAML:' },
  // Empty and wrong shape.
  { name: 'an empty file', input: '', expect: 'The scheme file is empty', path: '' },
  { name: 'a file of comments only', input: '# to do: write the scheme\n', expect: 'The scheme file is empty' },
  {
    name: 'a list at the top level',
    input: '- version: 1\n- id: x\n',
    expect: 'must be a mapping ("key: value" lines), not a list',
  },
  { name: 'a bare string', input: 'orders to okki\n', expect: 'not a single value' },
  // Encodings and characters.
  {
    name: 'a UTF-8 byte order mark (accepted, with a warning)',
    input: `\uFEFF${ORDERS}`,
    expect: 'byte order mark',
    warning: true,
  },
  {
    name: 'a UTF-16 file',
    input: { bytes: new Uint8Array([0xff, 0xfe, ...Buffer.from(ORDERS, 'utf16le')]) },
    expect: 'UTF-16 text; save it as UTF-8',
  },
  {
    name: 'GBK bytes instead of UTF-8',
    input: { bytes: withBytes(ORDERS, 'Orders', GBK_ORDERS) },
    expect: 'not valid UTF-8',
  },
  { name: 'a raw NUL byte', input: orders('name: Orders', 'name: Ord\u0000ers'), expect: 'NUL characters' },
  {
    name: 'an escaped NUL in a string',
    input: orders('name: Orders', 'name: "Ord\\0ers"'),
    expect: 'U+0000',
    path: 'name',
  },
  {
    name: 'a bell character in a parameter',
    input: orders('FormId: SAL_SaleOrder', 'FormId: "SAL\\aOrder"'),
    expect: 'U+0007',
  },
  { name: 'an escape character in a key', input: orders('    status: 1', '    "st\\eatus": 1'), expect: 'U+001B' },
  // Resource exhaustion.
  { name: 'an alias bomb', input: `${aliasBomb()}${ORDERS}`, expect: 'alias bomb' },
  {
    name: 'nesting 100 levels deep',
    input: orders('currency: { PRE001: CNY }', `currency: { PRE001: ${'['.repeat(100)}${']'.repeat(100)} }`),
    expect: 'Nested deeper than 64 levels',
  },
  {
    name: 'nesting 50,000 levels deep',
    input: orders('currency: { PRE001: CNY }', `currency: { PRE001: ${'['.repeat(50_000)}${']'.repeat(50_000)} }`),
    expect: /nested too deeply|Nested deeper/,
  },
  { name: 'a file over 4 MiB', input: `${ORDERS}# ${'x'.repeat(4_300_000)}\n`, expect: 'a scheme file is at most' },
  // Tags.
  {
    name: 'a !!binary value',
    input: orders('FormId: SAL_SaleOrder', 'FormId: !!binary U0FM'),
    expect: 'YAML tag !!binary is not supported',
  },
  {
    name: 'a !!set',
    input: orders('fields: [FModifyDate]', 'fields: !!set { FModifyDate }'),
    expect: 'YAML tag !!set',
  },
  {
    name: 'a custom !js/function tag',
    input: orders('FormId: SAL_SaleOrder', 'FormId: !js/function SAL'),
    expect: 'YAML tag !js/function',
  },
  // Prototype keys and merge keys.
  {
    name: '__proto__ at the top',
    input: `${ORDERS}__proto__: { enabled: false }\n`,
    expect: 'The key "__proto__" is not allowed',
    path: '__proto__',
  },
  {
    name: '__proto__ in the source params',
    input: orders('FormId: SAL_SaleOrder', 'FormId: SAL_SaleOrder\n    __proto__: { polluted: true }'),
    expect: 'prototype property',
    path: 'source.params.__proto__',
  },
  {
    name: 'constructor as a mapped field',
    input: orders('    status: 1\n', '    status: 1\n    constructor: FBillNo\n'),
    expect: 'The key "constructor" is not allowed',
    path: 'mapping.document.constructor',
  },
  {
    name: 'prototype in a value table',
    input: orders('{ PRE001: CNY }', '{ PRE001: CNY, prototype: x }'),
    expect: 'The key "prototype" is not allowed',
  },
  {
    name: 'a YAML merge key',
    input: orders('FormId: SAL_SaleOrder', 'FormId: SAL_SaleOrder\n    <<: { Limit: 1 }'),
    expect: 'merge keys (<<) are not supported',
  },
  // Structure.
  { name: 'no id', input: orders('id: orders-to-okki\n', ''), expect: 'Missing required field "id"', path: 'id' },
  {
    name: 'an id that is not kebab-case',
    input: orders('id: orders-to-okki', 'id: Orders_To_OKKI'),
    expect: 'kebab-case',
    path: 'id',
  },
  { name: 'no name', input: orders('name: Orders\n', ''), expect: 'Missing required field "name"' },
  { name: 'no version', input: orders('version: 1\n', ''), expect: 'add "version: 1"' },
  {
    name: 'a version from the future',
    input: orders('version: 1', 'version: 99'),
    expect: 'newer than this qiao supports',
  },
  { name: 'the version as a string', input: orders('version: 1', 'version: "1"'), expect: 'must be a whole number' },
  { name: 'an unknown top-level key', input: `${ORDERS}colour: red\n`, expect: 'Unrecognized key "colour"' },
  { name: 'a misspelt key', input: orders('  document:', '  documnet:'), expect: 'did you mean "document"?' },
  {
    name: 'enabled as a string',
    input: orders('name: Orders', 'name: Orders\nenabled: "yes"'),
    expect: 'expected boolean',
    path: 'enabled',
  },
  {
    name: 'an invalid cron',
    input: orders('cron: "*/5 * * * *"', 'cron: "*/5 * * *"'),
    expect: 'Invalid cron expression',
  },
  {
    name: 'an interval under 10 s',
    input: orders('{ cron: "*/5 * * * *" }', '{ intervalSeconds: 5 }'),
    expect: '>=10',
  },
  {
    name: 'both cron and interval',
    input: orders('{ cron: "*/5 * * * *" }', '{ cron: "*/5 * * * *", intervalSeconds: 60 }'),
    expect: 'Write exactly one of { cron',
  },
  {
    name: 'concurrency 0',
    input: orders('  preconditions:', '  concurrency: 0\n  preconditions:'),
    expect: '>=1',
    path: 'settings.concurrency',
  },
  {
    name: 'a batch of a million',
    input: orders('  preconditions:', '  batchSize: 1000000\n  preconditions:'),
    expect: '<=10000',
  },
  {
    name: 'a zone name instead of an offset',
    input: orders('    start: "2026-01-01T00:00:00"', '    start: "2026-01-01T00:00:00"\n    timezone: Asia/Shanghai'),
    expect: 'Use an offset such as "+08:00"',
  },
  {
    name: 'a cursor start that is not a time',
    input: orders('start: "2026-01-01T00:00:00"', 'start: yesterday'),
    expect: 'is not a date/time',
  },
  {
    name: 'a cursor format without date tokens',
    input: orders('    start: "2026-01-01T00:00:00"', '    start: "2026-01-01T00:00:00"\n    format: "abc"'),
    expect: 'no date tokens',
  },
  {
    name: 'a negative overlap',
    input: orders('    start: "2026-01-01T00:00:00"', '    start: "2026-01-01T00:00:00"\n    overlapSeconds: -1'),
    expect: '>=0',
  },
  { name: 'neither source.key nor group', input: orders('  key: FBillNo\n', ''), expect: 'Set source.key' },
  {
    name: 'a line filter without grouping',
    input: orders('  key: FBillNo\n', '  key: FBillNo\n  filter: { line: "FQty > 0" }\n'),
    expect: 'A line filter needs source.group',
  },
  {
    name: 'the document key as a line field',
    input: orders('  key: FBillNo\n', '  group: { key: FBillNo, lineKey: FEntryID, lineFields: [FBillNo] }\n'),
    expect: 'cannot also be a line field',
  },
  {
    name: 'a golden test with both source and rows',
    input: `${ORDERS}tests:\n  - { name: t, source: rows.json, rows: [], payloads: [] }\n`,
    expect: 'Give exactly one of',
  },
  {
    name: 'a golden test that expects nothing',
    input: `${ORDERS}tests:\n  - { name: t, rows: [] }\n`,
    expect: 'Say what to expect',
  },
];
