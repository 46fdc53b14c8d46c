import { ConfigError } from '../../core/errors.js';
import type { Connector, ConnectorDeps } from '../connector.js';
import { okkiCatalog } from './catalog/order.catalog.js';
import { toOkkiFieldModule } from './client/custom-field-resolver.js';
import { OkkiClient, type OkkiClientDeps } from './client/okki-client.js';
import { okkiConnectionSchema, type OkkiConnectionInput } from './okki.config.js';
import { okkiCompany } from './objects/company.js';
import { toListParams } from './objects/list-params.js';
import type { OkkiObject } from './objects/okki-object.js';
import { okkiOrder } from './objects/order.js';
import { okkiProduct } from './objects/product.js';
import { okkiReceipt } from './objects/receipt.js';

/** The objects a scheme reads (`<name>.list`) and writes (`<name>.push`). */
const OBJECTS: Readonly<Record<string, OkkiObject>> = {
  orders: okkiOrder,
  companies: okkiCompany,
  products: okkiProduct,
  receipts: okkiReceipt,
};
/** The objects target lookups ask by key (`$lookup` on a target, `lookup('company', { serial_id })`). */
const LOOKUP_OBJECTS: Readonly<Record<string, OkkiObject>> = {
  company: okkiCompany,
  product: okkiProduct,
  order: okkiOrder,
};

const READ_OPERATIONS = Object.keys(OBJECTS)
  .filter((name) => OBJECTS[name]!.read)
  .map((name) => `${name}.list`);
const WRITE_OPERATIONS = Object.keys(OBJECTS).map((name) => `${name}.push`);

/** The object an operation such as `orders.push` names, or undefined. */
function objectOf(operation: string, verb: 'list' | 'push'): OkkiObject | undefined {
  const [name, rest] = operation.split('.', 2);
  return rest === verb && name !== undefined && Object.hasOwn(OBJECTS, name) ? OBJECTS[name] : undefined;
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

/** Caches a directory list for the connection's life; a failed load is forgotten so the next lookup asks again. */
function cachedList(load: () => AsyncIterable<Record<string, unknown>>): () => Promise<Array<Record<string, unknown>>> {
  let pending: Promise<Array<Record<string, unknown>>> | null = null;
  return () => {
    pending ??= collect(load()).catch((error: unknown) => {
      pending = null;
      throw error;
    });
    return pending;
  };
}

/** Xiaoman OKKI CRM as a scheme target (orders, companies, products, receipts) and source (lists). */
export function createOkkiConnector(name: string, config: OkkiConnectionInput, deps: OkkiClientDeps = {}): Connector {
  const client = new OkkiClient(config, { connection: name, ...deps });
  const directories: Readonly<Record<string, () => Promise<Array<Record<string, unknown>>>>> = {
    user: cachedList(() => client.listUsers()),
    department: cachedList(() => client.listDepartments()),
  };
  const unknownOperation = (operation: string, verb: string, valid: readonly string[]) =>
    new ConfigError(`OKKI connection "${name}" cannot ${verb} with "${operation}"; use one of ${valid.join(', ')}`, {
      code: 'okki.unknown_operation',
    });

  return {
    name,
    type: 'okki',
    readOperations: READ_OPERATIONS,
    writeOperations: WRITE_OPERATIONS,
    check: () => client.check(),
    async *read(operation, params) {
      const read = objectOf(operation, 'list')?.read;
      if (!read) throw unknownOperation(operation, 'read', READ_OPERATIONS);
      yield* read(client, toListParams(params));
    },
    async write(operation, payload, context) {
      const object = objectOf(operation, 'push');
      if (!object) throw unknownOperation(operation, 'write', WRITE_OPERATIONS);
      return object.write(client, payload, context);
    },
    async findWritten(operation, payload, context) {
      return (await objectOf(operation, 'push')?.findWritten?.(client, payload, context)) ?? null;
    },
    async lookup(object, query, field) {
      const lookup = Object.hasOwn(LOOKUP_OBJECTS, object) ? LOOKUP_OBJECTS[object]!.lookup : undefined;
      if (lookup) return lookup(client, query, field);
      const directory = Object.hasOwn(directories, object) ? directories[object] : undefined;
      if (!directory)
        throw new ConfigError(`OKKI lookups support company, product, order, user and department, not "${object}"`, {
          code: 'okki.lookup_unknown_object',
        });
      const matches = (item: Record<string, unknown>) =>
        Object.entries(query).every(([k, v]) => String(item[k]) === String(v));
      return (await directory()).find(matches)?.[field] ?? null;
    },
    customFieldId: (module, displayName) => client.customFieldId(toOkkiFieldModule(module), displayName),
    // A raw call changes data (write-backs), so a timeout means "outcome unknown", never "repeat".
    call: (operation, params) =>
      client.request<unknown>({ method: 'POST', path: operation, body: params, write: true }),
    close: async () => undefined,
  };
}

/** The OKKI connector type as the registry lists it: its qiao.yaml schema, catalog, operations and factory. */
export const okkiConnectorType = {
  type: 'okki',
  configSchema: okkiConnectionSchema,
  catalog: okkiCatalog,
  /** What `source.api` may name (validation reads these without creating a connector). */
  readOperations: READ_OPERATIONS,
  /** What `target.api` may name. */
  writeOperations: WRITE_OPERATIONS,
  create: (name: string, config: OkkiConnectionInput, deps: ConnectorDeps = {}): Connector =>
    createOkkiConnector(name, config, {
      logger: deps.logger,
      onCall: (e) =>
        deps.onCall?.({
          connection: name,
          operation: e.operation,
          durationMs: e.durationMs,
          ok: e.ok,
          errorCode: e.errorCode,
        }),
    }),
} as const;
