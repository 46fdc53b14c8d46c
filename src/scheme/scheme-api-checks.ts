import { closest } from './schema-keys.js';
import type { Scheme } from './scheme.schema.js';

/**
 * A connection known from qiao.yaml: its connector type and, when the caller knows them, the
 * operations that type reads with (`source.api`) and writes with (`target.api`). Passed down as
 * data so the scheme layer needs no connector code.
 */
export interface KnownConnection {
  type: string;
  read?: readonly string[];
  write?: readonly string[];
}

/** Connections known from qiao.yaml (name → type and operations), for checking scheme references. */
export type KnownConnections = Record<string, KnownConnection>;

/** Read and write operations of every connector type, for checking APIs when qiao.yaml is not known. */
export type ConnectorOperations = Record<string, { read: readonly string[]; write: readonly string[] }>;

interface ApiIssue {
  path: Array<string | number>;
  message: string;
}

/**
 * `source.api`, `target.api` and `target.writeBack.api` against the connector catalog: a source
 * needs a read operation of its connection's type, a target a write operation, a write-back must
 * not be a read. Without qiao.yaml the operations of every connector type are allowed, so a typo
 * or a read used as a target is still caught.
 */
export function apiIssues(
  scheme: Scheme,
  connections: KnownConnections | undefined,
  operations: ConnectorOperations | undefined,
): ApiIssue[] {
  const issues: ApiIssue[] = [];
  const { source, target } = scheme;
  const check = (role: 'source' | 'target', connection: string, api: string): void => {
    const direction = role === 'source' ? 'read' : 'write';
    const other = role === 'source' ? 'write' : 'read';
    const known = connections && Object.hasOwn(connections, connection) ? connections[connection] : undefined;
    let allowed: readonly string[] | undefined;
    let opposite: readonly string[] = [];
    let owner: string;
    if (known) {
      const typeOps = operations && Object.hasOwn(operations, known.type) ? operations[known.type] : undefined;
      allowed = known[direction] ?? typeOps?.[direction];
      opposite = known[other] ?? typeOps?.[other] ?? [];
      owner = `${known.type} connection "${connection}"`;
    } else if (!connections && operations) {
      allowed = Object.values(operations).flatMap((o) => o[direction]);
      opposite = Object.values(operations).flatMap((o) => o[other]);
      owner = 'any connector';
    } else {
      return; // an unknown connection is reported on its own
    }
    if (!allowed || allowed.includes(api)) return;
    const path = [role, 'api'];
    const list = allowed.length > 0 ? allowed.join(', ') : 'none';
    if (allowed.length === 0) {
      issues.push({
        path,
        message: `The ${owner} has no ${direction} operations, so it cannot be a ${role}; pick another connection`,
      });
    } else if (opposite.includes(api)) {
      issues.push({
        path,
        message: `"${api}" is a ${other} operation; a ${role} ${direction}s: use one of ${list} (${owner})`,
      });
    } else {
      const suggestion = api.length <= 64 ? closest(api, [...allowed]) : undefined;
      issues.push({
        path,
        message: `Unknown ${role} API "${api}"${suggestion ? ` (did you mean "${suggestion}"?)` : ''}; ${direction} operations of ${owner}: ${list}`,
      });
    }
  };
  check('source', source.connection, source.api);
  check('target', target.connection, target.api);
  const writeBack = target.writeBack;
  const known =
    writeBack && connections && Object.hasOwn(connections, writeBack.connection)
      ? connections[writeBack.connection]
      : undefined;
  const reads = known
    ? (known.read ?? (operations && Object.hasOwn(operations, known.type) ? operations[known.type]!.read : []))
    : [];
  if (writeBack && reads.includes(writeBack.api))
    issues.push({
      path: ['target', 'writeBack', 'api'],
      message: `"${writeBack.api}" only reads; a write-back changes data in the source (e.g. Save)`,
    });
  return issues;
}
