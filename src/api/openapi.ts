import { z } from 'zod';
import * as s from './api-schemas.js';

type Method = 'get' | 'post' | 'put' | 'delete';

interface RouteDoc {
  method: Method;
  /** OpenAPI path, parameters in braces: /api/schemes/{id}. */
  path: string;
  summary: string;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  status?: number;
}

const obj = (shape: z.ZodRawShape) => z.object(shape);
const anyObject = z.record(z.string(), z.unknown());
const summaryResponse = obj({ summary: s.schemeSummarySchema });
const recordResponse = obj({ record: anyObject });

/** Every route the API serves; a test keeps this list and the app's routes equal. */
export const API_ROUTES: RouteDoc[] = [
  {
    method: 'get',
    path: '/healthz',
    summary: 'Liveness probe (no token needed)',
    response: obj({ ok: z.literal(true) }),
  },
  { method: 'get', path: '/metrics', summary: 'Prometheus metrics (text exposition format)' },
  { method: 'get', path: '/api/openapi.json', summary: 'This document' },
  {
    method: 'post',
    path: '/api/session',
    summary:
      'Log in (no token needed): a one-time login code (from `qiao start` / `qiao login`) or an API token for a console session token, sent afterwards as the bearer',
    body: s.loginBody,
    response: obj({ session: z.string(), expiresAt: z.string(), name: z.string(), role: s.sessionSchema.shape.role }),
    status: 201,
  },
  { method: 'get', path: '/api/session', summary: 'Who the bearer is: name and role', response: s.sessionSchema },
  {
    method: 'delete',
    path: '/api/session',
    summary: 'Log the bearer session out',
    response: obj({ loggedOut: z.boolean() }),
  },
  {
    method: 'get',
    path: '/api/audit',
    summary: 'Audit log: state-changing API calls (who, what, when, from where, status), newest first',
    query: s.auditQuery,
    response: obj({ entries: z.array(s.auditEntrySchema), total: z.number().int() }),
  },
  {
    method: 'get',
    path: '/api/schemes',
    summary: 'List schemes with status, counts and success rate',
    response: z.array(s.schemeSummarySchema),
  },
  {
    method: 'post',
    path: '/api/schemes/validate',
    summary: 'Validate scheme YAML without saving',
    body: s.schemeYamlBody,
    response: z.union([
      obj({ ok: z.literal(true), id: z.string() }),
      obj({ ok: z.literal(false), issues: z.array(s.issueSchema) }),
    ]),
  },
  {
    method: 'post',
    path: '/api/schemes',
    summary: 'Create a scheme from YAML (400 with issues when invalid, 409 when the id exists)',
    body: s.schemeYamlBody,
    response: summaryResponse,
    status: 201,
  },
  {
    method: 'get',
    path: '/api/schemes/{id}',
    summary: 'One scheme: summary, parsed document and YAML',
    response: obj({ summary: s.schemeSummarySchema, scheme: anyObject, yaml: z.string() }),
  },
  {
    method: 'put',
    path: '/api/schemes/{id}',
    summary: 'Replace a scheme with new YAML (the id must stay the same)',
    body: s.schemeYamlBody,
    response: summaryResponse,
  },
  {
    method: 'post',
    path: '/api/schemes/{id}/enable',
    summary: 'Enable the scheme (schedule it)',
    response: summaryResponse,
  },
  { method: 'post', path: '/api/schemes/{id}/disable', summary: 'Disable the scheme', response: summaryResponse },
  {
    method: 'post',
    path: '/api/schemes/{id}/run',
    summary: 'Run now; waits for the run unless wait=false (then 202)',
    query: s.runQuery,
    response: obj({ run: s.runRecordSchema }),
  },
  {
    method: 'get',
    path: '/api/schemes/{id}/cursor',
    summary: 'The scheme\u2019s source cursor',
    response: obj({ value: z.string().nullable(), updatedAt: z.string().nullable() }),
  },
  {
    method: 'put',
    path: '/api/schemes/{id}/cursor',
    summary: 'Move the cursor (re-sync a period, or skip ahead)',
    body: s.cursorBody,
    response: obj({ value: z.string().nullable(), updatedAt: z.string().nullable() }),
  },
  {
    method: 'post',
    path: '/api/schemes/{id}/retry',
    summary: 'Requeue records with the given statuses',
    body: s.schemeRetryBody,
    response: obj({ requeued: z.number().int() }),
  },
  {
    method: 'post',
    path: '/api/preview',
    summary: 'Dry run: map documents and diff against the ledger; writes nothing',
    body: s.previewBody,
    response: obj({ items: z.array(anyObject) }),
  },
  {
    method: 'get',
    path: '/api/runs',
    summary: 'Runs, newest first',
    query: s.runsQuery,
    response: obj({ runs: z.array(s.runRecordSchema) }),
  },
  { method: 'get', path: '/api/runs/{id}', summary: 'One run', response: obj({ run: s.runRecordSchema }) },
  {
    method: 'get',
    path: '/api/stats/timeseries',
    summary: 'Pushed/failed/skipped/read per time bucket, from runs',
    query: s.timeseriesQuery,
    response: obj({
      buckets: z.array(
        obj({ at: z.string(), pushed: z.number(), failed: z.number(), skipped: z.number(), read: z.number() }),
      ),
    }),
  },
  {
    method: 'get',
    path: '/api/records',
    summary: 'Ledger records; status may be a comma-separated list, key may end with * for a prefix',
    query: s.recordsQuery,
    response: obj({ records: z.array(s.recordSummarySchema), total: z.number().int() }),
  },
  {
    method: 'get',
    path: '/api/records/{schemeId}/{key}',
    summary: 'One record with its attempts and the field diff previousPayload → payload',
    response: obj({
      record: anyObject,
      attempts: z.array(anyObject),
      diff: z.array(obj({ path: z.string(), before: z.unknown(), after: z.unknown() })),
    }),
  },
  {
    method: 'post',
    path: '/api/records/{schemeId}/{key}/retry',
    summary: 'Requeue one record and (now=true, default) run the scheme so it is written at once',
    query: s.recordRetryQuery,
    response: recordResponse,
  },
  {
    method: 'post',
    path: '/api/records/{schemeId}/{key}/skip',
    summary: 'Skip a record until its source changes again',
    body: s.skipBody,
    response: recordResponse,
  },
  {
    method: 'get',
    path: '/api/catalog',
    summary: 'Connector operations with request/response fields and labels',
    response: obj({ operations: z.array(anyObject) }),
  },
  {
    method: 'get',
    path: '/api/alerts',
    summary: 'Alert rules (channel targets masked) and recent messages',
    response: obj({ rules: z.array(anyObject), recent: z.array(anyObject) }),
  },
];

const json = (schema: z.ZodType, io: 'input' | 'output') =>
  z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });

/** The OpenAPI 3.1 document of the API, generated from the same zod schemas the routes validate with. */
export function buildOpenApiDocument(version = '0.1.0'): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const errorResponse = {
    description: 'Error',
    content: { 'application/json': { schema: json(s.errorBodySchema, 'output') } },
  };
  for (const route of API_ROUTES) {
    const parameters: unknown[] = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => ({
      name: m[1],
      in: 'path',
      required: true,
      schema: { type: 'string' },
      description: 'URL-encoded (encodeURIComponent)',
    }));
    if (route.query) {
      for (const [name, field] of Object.entries(route.query.shape)) {
        parameters.push({ name, in: 'query', required: false, schema: json(field as z.ZodType, 'input') });
      }
    }
    const open = route.path === '/healthz' || (route.path === '/api/session' && route.method === 'post');
    paths[route.path] ??= {};
    paths[route.path]![route.method] = {
      summary: route.summary,
      ...(parameters.length ? { parameters } : {}),
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: json(route.body, 'input') } } } }
        : {}),
      responses: {
        [String(route.status ?? 200)]: {
          description: 'OK',
          ...(route.response ? { content: { 'application/json': { schema: json(route.response, 'output') } } } : {}),
        },
        ...(route.method === 'post' && route.path.endsWith('/run')
          ? { '202': { description: 'Started (wait=false)' } }
          : {}),
        '400': errorResponse,
        ...(open && route.path === '/healthz' ? {} : { '401': errorResponse }),
        ...(route.method === 'get' ? {} : { '403': errorResponse, '415': errorResponse }),
        '404': errorResponse,
        '500': errorResponse,
      },
      ...(open ? { security: [] } : {}),
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'qiao API',
      version,
      description:
        'Operate qiao (桥): schemes, runs, the record ledger, alerts. Every route but /healthz and POST /api/session needs "Authorization: Bearer <token>" (an API token or a console session); tokens in URLs are refused. Requests with another site\'s Origin or Sec-Fetch-Site get 403; anything but GET needs "Content-Type: application/json" (else 415). Roles: viewer reads, operator runs/retries/skips/enables/moves cursors, admin edits schemes. Errors: { error: { code, message, issues? } }.',
    },
    components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    security: [{ bearer: [] }],
    paths,
  };
}
