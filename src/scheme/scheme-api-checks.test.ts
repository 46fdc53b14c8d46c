import { describe, expect, it } from 'vitest';
import { apiIssues, type ConnectorOperations, type KnownConnections } from './scheme-api-checks.js';
import type { Scheme } from './scheme.schema.js';

const operations: ConnectorOperations = {
  erp: { read: ['Query'], write: ['Save'] },
  crm: { read: ['orders.list'], write: ['orders.push'] },
};
const connections: KnownConnections = { kd: { type: 'erp' }, ok: { type: 'crm', read: [], write: ['orders.push'] } };
const scheme = (source: string, target: string, writeBack?: string): Scheme =>
  ({
    source: { connection: source.split(':')[0], api: source.split(':')[1] },
    target: {
      connection: target.split(':')[0],
      api: target.split(':')[1],
      writeBack: writeBack
        ? { connection: writeBack.split(':')[0], api: writeBack.split(':')[1], params: {} }
        : undefined,
    },
  }) as unknown as Scheme;
const messages = (s: Scheme, known: KnownConnections | null = connections) =>
  apiIssues(s, known ?? undefined, operations).map((i) => `${i.path.join('.')}: ${i.message}`);

describe('apiIssues', () => {
  it('accepts a read as source and a write as target of the connection type', () => {
    expect(messages(scheme('kd:Query', 'ok:orders.push', 'kd:Save'))).toEqual([]);
  });

  it('names the direction, the suggestion and the operations of the type', () => {
    expect(messages(scheme('kd:Save', 'kd:Quer'))).toEqual([
      'source.api: "Save" is a write operation; a source reads: use one of Query (erp connection "kd")',
      'target.api: Unknown target API "Quer"; write operations of erp connection "kd": Save',
    ]);
    expect(messages(scheme('kd:Qery', 'ok:orders.push'))[0]).toContain('(did you mean "Query"?)');
  });

  it('uses the operations a connection lists over its type, so a type that cannot read is no source', () => {
    expect(messages(scheme('ok:orders.list', 'ok:orders.push'))).toEqual([
      'source.api: The crm connection "ok" has no read operations, so it cannot be a source; pick another connection',
    ]);
  });

  it('without qiao.yaml allows any type’s operation in the right direction', () => {
    expect(messages(scheme('x:orders.list', 'y:Save'), null)).toEqual([]);
    expect(messages(scheme('x:orders.push', 'y:Query'), null)).toEqual([
      'source.api: "orders.push" is a write operation; a source reads: use one of Query, orders.list (any connector)',
      'target.api: "Query" is a read operation; a target writes: use one of Save, orders.push (any connector)',
    ]);
  });

  it('refuses a write-back that only reads, and leaves unknown connections to their own check', () => {
    expect(messages(scheme('kd:Query', 'ok:orders.push', 'kd:Query'))).toEqual([
      'target.writeBack.api: "Query" only reads; a write-back changes data in the source (e.g. Save)',
    ]);
    expect(messages(scheme('nope:Anything', 'constructor:x'))).toEqual([]);
  });
});
