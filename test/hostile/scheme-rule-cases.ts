import type { HostileCase } from './corpus.js';
import type { SchemeInput } from './scheme-file-cases.js';
import { change, CUSTOMERS, ORDERS } from './scheme-inputs.js';

const orders = (from: string, to: string): string => change(ORDERS, from, to);
const SOURCE = '  connection: kingdee\n  api: ExecuteBillQuery';
const TARGET = '  connection: okki\n  api: orders.push';
const WINDOW = "FModifyDate >= '{{window.from}}' and FModifyDate < '{{window.to}}'";
const writeBack = (yaml: string): string => orders('  key: order_no\n', `  key: order_no\n  writeBack:\n${yaml}`);

/** Mapping values, templates, APIs against the catalog, secrets, and references between schemes. */
export const SCHEME_RULE_CASES: Array<HostileCase<SchemeInput>> = [
  // Mapping values.
  {
    name: 'a null mapping value',
    input: orders('status: 1', 'status: null'),
    expect: 'No expression',
    path: 'mapping.document.status',
  },
  {
    name: 'an empty mapping value',
    input: orders('status: 1', 'status:'),
    expect: 'No expression (the value is empty)',
  },
  { name: 'a mapping as a mapping value', input: orders('status: 1', 'status: { a: 1 }'), expect: 'not a mapping' },
  { name: 'a list as a mapping value', input: orders('status: 1', 'status: [1, 2]'), expect: 'not a list' },
  {
    name: 'a code with leading zeros',
    input: orders('status: 1', 'status: 00123'),
    expect: 'YAML reads 00123 as the number 123',
  },
  {
    name: 'a hexadecimal literal',
    input: orders('status: 1', 'status: 0x1F'),
    expect: 'YAML reads 0x1F as the number 31',
  },
  {
    name: 'an id too long for a number',
    input: orders('status: 1', 'status: 123456789012345678901'),
    expect: 'too long for an exact number',
  },
  { name: 'an infinite number', input: orders('status: 1', 'status: .inf'), expect: 'cannot be sent as JSON' },
  {
    name: 'a constant target key',
    input: orders('order_no: FBillNo', 'order_no: 12345'),
    expect: 'every document would overwrite the same target record',
  },
  {
    name: 'a constant spread field',
    input: orders('    status: 1\n', "    status: 1\n    '...custom': 5\n"),
    expect: 'A spread field ("...custom")',
  },
  { name: 'an empty expression', input: orders('status: 1', 'status: ""'), expect: 'Invalid JSONata expression' },
  {
    name: 'a JSONata syntax error',
    input: orders('order_no: FBillNo', 'order_no: FBillNo & ('),
    expect: 'Invalid JSONata expression',
  },
  {
    name: 'a misspelt built-in',
    input: orders("$valueTable('currency'", "$valueTabel('currency'"),
    expect: 'Unknown function $valueTabel',
  },
  {
    name: 'an unknown value table',
    input: orders("$valueTable('currency'", "$valueTable('currencies'"),
    expect: 'not in valueTables',
  },
  {
    name: 'a value table named constructor',
    input: orders("$valueTable('currency'", "$valueTable('constructor'"),
    expect: '"constructor", which is not in valueTables',
  },
  {
    name: 'no mapped fields at all',
    input: ORDERS.replace(/mapping:\n {2}document:\n( {4}.*\n)+/, 'mapping:\n  document: {}\n'),
    expect: 'Map at least one target field',
  },
  {
    name: 'the target key not mapped',
    input: orders('  key: order_no', '  key: orderno'),
    expect: 'The target key "orderno" is not mapped',
  },
  // Templates.
  {
    name: 'an unclosed {{window.from',
    input: orders("'{{window.from}}'", "'{{window.from'"),
    expect: 'Unclosed template',
    path: 'source.params.FilterString',
  },
  {
    name: 'a template closed with one brace',
    input: orders("'{{window.to}}'", "'{{window.to}'"),
    expect: 'Unclosed template',
  },
  { name: 'an empty template', input: orders("'{{window.to}}'", "'{{ }}'"), expect: 'Empty template' },
  {
    name: 'braces inside a template',
    input: orders("'{{window.to}}'", "'{{ {window.to} }}'"),
    expect: 'Malformed template',
  },
  {
    name: 'a template without its opening braces',
    input: orders("'{{window.to}}'", "'window.to}}'"),
    expect: 'without an opening "{{"',
  },
  {
    name: 'an unknown template variable',
    input: orders('{{window.to}}', '{{window.until}}'),
    expect: 'Unknown template variable {{window.until}}',
  },
  {
    name: 'window variables without a cursor',
    input: orders('  cursor:\n    fields: [FModifyDate]\n    start: "2026-01-01T00:00:00"\n', ''),
    expect: 'need source.cursor',
  },
  {
    name: '{{key}} in the source params',
    input: orders(WINDOW, "FBillNo = '{{key}}'"),
    expect: 'Unknown template variable {{key}}',
  },
  {
    name: 'a window variable in the target params',
    input: orders('  key: order_no\n', "  key: order_no\n  params: { since: '{{window.from}}' }\n"),
    expect: 'allowed here: {{key}}, {{now}}',
  },
  {
    name: 'an unknown variable in a write-back',
    input: writeBack(
      '    connection: kingdee\n    api: Save\n    params: { FormId: SAL_SaleOrder, Model: { FID: "{{source.FID}}", X: "{{order_id}}" } }\n',
    ),
    expect: 'Unknown template variable {{order_id}}',
  },
  // APIs and connections against the connector catalog.
  {
    name: 'a misspelt source API',
    input: orders(SOURCE, '  connection: kingdee\n  api: ExecuteBilQuery'),
    expect: 'Unknown source API "ExecuteBilQuery" (did you mean "ExecuteBillQuery"?)',
    path: 'source.api',
  },
  {
    name: 'an unknown target API',
    input: orders(TARGET, '  connection: okki\n  api: orders.upsert'),
    expect: 'Unknown target API "orders.upsert"',
    path: 'target.api',
  },
  {
    name: 'OKKI as a source with a push',
    input: orders(SOURCE, '  connection: okki\n  api: orders.push'),
    expect: '"orders.push" is a write operation; a source reads',
  },
  {
    name: 'OKKI as a source with a Kingdee API',
    input: orders(SOURCE, '  connection: okki\n  api: ExecuteBillQuery'),
    expect: 'read operations of okki connection "okki"',
  },
  {
    name: 'an OKKI object with no list',
    input: orders(SOURCE, '  connection: okki\n  api: users.list'),
    expect: 'Unknown source API "users.list"',
  },
  {
    name: 'Kingdee Save as a source',
    input: orders(SOURCE, '  connection: kingdee\n  api: Save'),
    expect: '"Save" is a write operation',
  },
  {
    name: 'a Kingdee query as a target',
    input: orders(TARGET, '  connection: kingdee\n  api: ExecuteBillQuery'),
    expect: '"ExecuteBillQuery" is a read operation; a target writes',
  },
  {
    name: 'an OKKI list as a target',
    input: orders(TARGET, '  connection: okki\n  api: orders.list'),
    expect: '"orders.list" is a read operation',
  },
  {
    name: 'an unknown source connection',
    input: orders(SOURCE, '  connection: erp\n  api: ExecuteBillQuery'),
    expect: 'Unknown connection "erp"',
    path: 'source.connection',
  },
  {
    name: 'an unknown target connection',
    input: orders(TARGET, '  connection: okki-prod\n  api: orders.push'),
    expect: 'Unknown connection "okki-prod"',
  },
  {
    name: 'a write-back that only reads',
    input: writeBack('    connection: kingdee\n    api: ExecuteBillQuery\n    params: { FormId: SAL_SaleOrder }\n'),
    expect: 'only reads; a write-back changes data',
  },
  {
    name: 'a write-back to an unknown connection',
    input: writeBack('    connection: k3\n    api: Save\n    params: { FormId: SAL_SaleOrder }\n'),
    expect: 'Unknown connection "k3"',
  },
  // Secrets.
  {
    name: 'a password in the source params',
    input: orders('FormId: SAL_SaleOrder', 'FormId: SAL_SaleOrder\n    password: hunter2'),
    expect: 'looks like a secret',
  },
  {
    name: 'an app secret nested in a write-back',
    input: writeBack(
      '    connection: kingdee\n    api: Save\n    params: { FormId: SAL_SaleOrder, Model: { AppSecret: abc } }\n',
    ),
    expect: '"AppSecret" looks like a secret',
  },
  // References between schemes (the directory is what the engine loads).
  {
    name: 'a precondition naming no scheme',
    input: orders('[customers-to-okki]', '[customers-to-okki, materials-to-okki]'),
    expect: 'Precondition "materials-to-okki": no loaded scheme has that id',
    path: 'settings.preconditions[1]',
  },
  {
    name: 'a $lookup of a scheme that does not exist',
    input: orders("$lookup('customers-to-okki'", "$lookup('customer-to-okki'"),
    expect: '$lookup refers to scheme "customer-to-okki"',
  },
  {
    name: 'a scheme as its own precondition',
    input: orders('[customers-to-okki]', '[customers-to-okki, orders-to-okki]'),
    expect: 'cannot be its own precondition',
  },
  {
    name: 'a precondition on a scheme that does not validate',
    input: { files: { 'customers.yaml': change(CUSTOMERS, 'name: Customers\n', ''), 'orders.yaml': ORDERS } },
    expect: /Precondition "customers-to-okki": the scheme in .*customers\.yaml does not validate/,
  },
  {
    name: 'a precondition cycle',
    input: {
      files: { 'customers.yaml': `${CUSTOMERS}settings: { preconditions: [orders-to-okki] }\n`, 'orders.yaml': ORDERS },
    },
    expect: 'Preconditions form a cycle (orders-to-okki → customers-to-okki → orders-to-okki)',
  },
  {
    name: 'two files with the same id',
    input: { files: { 'customers.yaml': CUSTOMERS, 'customers-copy.yaml': CUSTOMERS } },
    expect: /Scheme id "customers-to-okki" is also used by .*customers\.yaml/,
  },
  {
    name: 'three files with the same id',
    input: { files: { 'a.yaml': ORDERS, 'b.yaml': ORDERS, 'c.yaml': ORDERS, 'customers.yaml': CUSTOMERS } },
    expect: /is also used by .*b\.yaml, .*c\.yaml/,
  },
  {
    name: 'a precondition on a duplicated id',
    input: { files: { 'c1.yaml': CUSTOMERS, 'c2.yaml': CUSTOMERS, 'orders.yaml': ORDERS } },
    expect: 'its id is used by several files',
  },
  {
    name: 'a golden test fixture that does not exist',
    input: {
      files: {
        'customers.yaml': CUSTOMERS,
        'orders.yaml': `${ORDERS}tests:\n  - { name: t, source: missing.rows.json, payloads: [] }\n`,
      },
    },
    expect: 'Test fixture "missing.rows.json" does not exist',
  },
];
