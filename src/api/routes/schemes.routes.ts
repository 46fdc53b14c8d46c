import { Hono } from 'hono';
import { ApiHttpError } from '../api-error.js';
import type { ApiEnv } from '../api-env.js';
import { roleAllows } from '../api-roles.js';
import { roleRefused } from '../guards/role-guard.js';
import { cursorBody, previewBody, runQuery, schemeRetryBody, schemeYamlBody } from '../api-schemas.js';
import { readJsonBody, readQuery } from '../request-validation.js';
import { buildSchemeSummary } from '../scheme-summary.js';
import type { Engine } from '../../runtime/engine.js';
import { requireScheme, type RouteDeps } from './route-deps.js';

/** Validates YAML text; invalid text is a 400 carrying the loader's issues (nothing is saved). */
async function validOrThrow(engine: Engine, yaml: string): Promise<string> {
  const result = await engine.validateSchemeText(yaml);
  if (!result.ok) {
    const list = result.issues.map((i) => `${i.path}${i.line ? ` (line ${i.line})` : ''}: ${i.message}`).join('; ');
    throw new ApiHttpError(400, 'scheme.invalid', `The scheme is invalid, nothing was saved: ${list}`, result.issues);
  }
  return result.id;
}

/** /api/schemes/* and /api/preview. */
export function schemeRoutes({ engine, logger }: RouteDeps): Hono<ApiEnv> {
  const app = new Hono<ApiEnv>();

  app.get('/schemes', async (c) => {
    const now = new Date();
    const schemes = await engine.listSchemes();
    return c.json(await Promise.all(schemes.map((info) => buildSchemeSummary(engine, info, now))));
  });

  app.post('/schemes/validate', async (c) => {
    const { yaml } = await readJsonBody(c, schemeYamlBody);
    const result = await engine.validateSchemeText(yaml);
    return c.json(result.ok ? { ok: true, id: result.id } : { ok: false, issues: result.issues });
  });

  app.post('/schemes', async (c) => {
    const { yaml } = await readJsonBody(c, schemeYamlBody);
    const id = await validOrThrow(engine, yaml);
    if (await engine.getScheme(id)) {
      throw new ApiHttpError(
        409,
        'scheme.exists',
        `A scheme with id "${id}" already exists; update it with PUT /api/schemes/${encodeURIComponent(id)}.`,
      );
    }
    const saved = await engine.saveScheme(yaml);
    return c.json({ summary: await buildSchemeSummary(engine, saved) }, 201);
  });

  app.get('/schemes/:id', async (c) => {
    const info = await requireScheme(engine, c.req.param('id'));
    return c.json({ summary: await buildSchemeSummary(engine, info), scheme: info.scheme, yaml: info.yaml });
  });

  app.put('/schemes/:id', async (c) => {
    const current = await requireScheme(engine, c.req.param('id'));
    const { yaml } = await readJsonBody(c, schemeYamlBody);
    const id = await validOrThrow(engine, yaml);
    if (id !== current.id) {
      throw new ApiHttpError(
        400,
        'scheme.id_mismatch',
        `The YAML declares id "${id}" but the URL names "${current.id}"; renaming is not supported, create a new scheme instead.`,
        [{ path: 'id', message: `Expected "${current.id}"` }],
      );
    }
    const saved = await engine.saveScheme(yaml, current.id);
    return c.json({ summary: await buildSchemeSummary(engine, saved) });
  });

  for (const action of ['enable', 'disable'] as const) {
    app.post(`/schemes/:id/${action}`, async (c) => {
      const info = await requireScheme(engine, c.req.param('id'));
      const saved = await engine.setEnabled(info.id, action === 'enable');
      return c.json({ summary: await buildSchemeSummary(engine, saved) });
    });
  }

  app.post('/schemes/:id/run', async (c) => {
    const info = await requireScheme(engine, c.req.param('id'));
    const { wait } = readQuery(c, runQuery);
    if (!wait) {
      // The outcome lands in the runs list; a failure here is logged, not lost.
      engine
        .runNow(info.id, 'api')
        .catch((error: unknown) => logger.warn({ scheme: info.id, err: String(error) }, 'background run failed'));
      return c.json({ started: true }, 202);
    }
    return c.json({ run: await engine.runNow(info.id, 'api') });
  });

  app.get('/schemes/:id/cursor', async (c) => {
    const info = await requireScheme(engine, c.req.param('id'));
    const cursor = await engine.ledger.getCursor(info.id);
    return c.json({ value: cursor?.value ?? null, updatedAt: cursor?.updatedAt ?? null });
  });

  app.put('/schemes/:id/cursor', async (c) => {
    const info = await requireScheme(engine, c.req.param('id'));
    const { value } = await readJsonBody(c, cursorBody);
    if (engine.isRunning(info.id))
      throw new ApiHttpError(
        409,
        'scheme.running',
        `Scheme "${info.id}" is running; move its cursor after the run has finished.`,
      );
    await engine.ledger.setCursor(info.id, value);
    const cursor = await engine.ledger.getCursor(info.id);
    return c.json({ value: cursor?.value ?? null, updatedAt: cursor?.updatedAt ?? null });
  });

  app.post('/schemes/:id/retry', async (c) => {
    const info = await requireScheme(engine, c.req.param('id'));
    const { statuses } = await readJsonBody(c, schemeRetryBody);
    return c.json({ requeued: await engine.ledger.requeue(info.id, { statuses }) });
  });

  app.post('/preview', async (c) => {
    const body = await readJsonBody(c, previewBody);
    // Unsaved YAML may call any source API with any parameters: that is editing, not operating.
    const identity = c.get('identity');
    if (body.yaml !== undefined && identity && !roleAllows(identity.role, 'admin'))
      throw roleRefused(identity, 'admin', 'previewing unsaved scheme YAML');
    // With `yaml` the scheme may not be saved yet (previewing an edit or a new scheme).
    if (body.yaml === undefined) await requireScheme(engine, body.schemeId);
    const items = await engine.preview(body.schemeId, {
      limit: body.limit,
      sourceDocument: body.sourceDocument,
      yaml: body.yaml,
    });
    return c.json({ items });
  });

  return app;
}
