import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { ConfigError, toIntegrationError } from '../core/errors.js';
import { compileFilters } from './grouping/document-filter.js';
import { groupRows, groupSpecFor } from './grouping/group-rows.js';
import { compileMapping } from './mapping/compile-mapping.js';
import { diffJson, type JsonDifference } from './mapping/json-diff.js';
import type { MappingServices } from './mapping/mapping-services.js';
import { toPlainJson } from './mapping/plain-json.js';
import type { Scheme, SchemeTestCase } from './scheme.schema.js';

export interface DocumentOutcome {
  key: string;
  payload?: unknown;
  error?: { code: string; kind: string; message: string };
}

export interface SchemeTestResult {
  name: string;
  ok: boolean;
  /** Documents after grouping and filters. */
  documents: DocumentOutcome[];
  /** Field-level mismatches per expected payload (by position). */
  diffs: Array<{ index: number; key?: string; differences: JsonDifference[] }>;
  /** Other reasons the test failed (count mismatch, unexpected or missing errors, unreadable fixture). */
  problems: string[];
}

export interface SchemeTestReport {
  scheme: string;
  ok: boolean;
  tests: SchemeTestResult[];
}

const DEFAULT_TEST_NOW = '2026-01-01T00:00:00Z';

/**
 * Runs a scheme's golden tests offline: fixture rows → grouping → filters → mapping with canned
 * lookups, custom-field ids and target lookups → compared with the expected payloads.
 * Fixture paths are relative to the scheme file.
 */
export async function runSchemeTests(scheme: Scheme, schemeFile: string): Promise<SchemeTestReport> {
  const baseDir = dirname(resolve(schemeFile));
  const mapping = compileMapping(scheme);
  const filters = compileFilters(scheme);
  const tests: SchemeTestResult[] = [];
  for (const test of scheme.tests) {
    const result: SchemeTestResult = { name: test.name, ok: false, documents: [], diffs: [], problems: [] };
    tests.push(result);
    try {
      const rows = test.rows ?? (await readRows(resolve(baseDir, test.source ?? '')));
      const services = cannedServices(test);
      for await (const grouped of groupRows(rows, groupSpecFor(scheme))) {
        try {
          const filtered = await filters.apply(grouped.document, grouped.key);
          if (!filtered.keep) continue;
          result.documents.push({
            key: grouped.key,
            payload: await mapping.map(filtered.document, services, { key: grouped.key }),
          });
        } catch (error) {
          const e = toIntegrationError(error);
          result.documents.push({ key: grouped.key, error: { code: e.code, kind: e.kind, message: e.message } });
        }
      }
      const expected = test.payloads ?? (test.expect ? await readExpected(resolve(baseDir, test.expect)) : []);
      compare(result, expected, test);
    } catch (error) {
      result.problems.push(toIntegrationError(error).message);
    }
    result.ok = result.problems.length === 0 && result.diffs.length === 0;
  }
  return { scheme: scheme.id, ok: tests.every((t) => t.ok), tests };
}

function compare(result: SchemeTestResult, expected: unknown[], test: SchemeTestCase): void {
  const mapped = result.documents.filter((d) => d.error === undefined);
  if (mapped.length !== expected.length) {
    result.problems.push(
      `Expected ${expected.length} payload(s), got ${mapped.length} (documents: ${result.documents.map((d) => d.key).join(', ') || 'none'})`,
    );
  }
  for (let i = 0; i < Math.min(mapped.length, expected.length); i++) {
    const differences = diffJson(expected[i], mapped[i].payload);
    if (differences.length > 0) result.diffs.push({ index: i, key: mapped[i].key, differences });
  }
  const failed = result.documents.filter((d) => d.error !== undefined);
  for (const want of test.errors) {
    const got = failed.find((d) => d.key === want.key);
    if (!got?.error) {
      result.problems.push(
        `Expected document ${want.key} to fail${want.code ? ` with ${want.code}` : ''}, but it ${result.documents.some((d) => d.key === want.key) ? 'mapped' : 'was not produced'}`,
      );
    } else if (
      (want.code && got.error.code !== want.code) ||
      (want.message && !got.error.message.includes(want.message))
    ) {
      result.problems.push(
        `Document ${want.key} failed differently: expected ${want.code ?? ''} "${want.message ?? ''}", got ${got.error.code} "${got.error.message}"`,
      );
    }
  }
  for (const d of failed) {
    if (!test.errors.some((e) => e.key === d.key))
      result.problems.push(`Document ${d.key} failed unexpectedly: [${d.error?.code}] ${d.error?.message}`);
  }
}

/** Services answering from the test's canned data; anything not canned is a clear test problem. */
export function cannedServices(
  test: Pick<SchemeTestCase, 'lookups' | 'customFields' | 'targetLookups' | 'now'>,
): MappingServices {
  const now = new Date(test.now ?? DEFAULT_TEST_NOW);
  return {
    async lookupSynced(schemeId, key) {
      const ids = test.lookups[schemeId]?.[key];
      return ids ?? null;
    },
    async lookupTarget(connection, object, query, field) {
      const hit = test.targetLookups.find(
        (t) =>
          t.connection === connection &&
          t.object === object &&
          t.field === field &&
          isDeepStrictEqual(t.query, toPlainJson(query)),
      ); // JSONata builds objects with their own prototype
      if (!hit)
        throw new ConfigError(
          `No canned targetLookups answer for ${connection} ${object} ${JSON.stringify(query)} ${field}; add one to the test`,
          { code: 'test.target_lookup_missing' },
        );
      return hit.value;
    },
    async customFieldId(connection, module, name) {
      const id = test.customFields[connection]?.[module]?.[name];
      if (id === undefined)
        throw new ConfigError(
          `No canned custom field id for ${connection}/${module}/"${name}"; add it to the test's customFields`,
          { code: 'test.custom_field_missing' },
        );
      return String(id);
    },
    now: () => now,
  };
}

async function readRows(file: string): Promise<Array<Record<string, unknown>>> {
  const text = await readFixture(file);
  const rows: unknown =
    file.endsWith('.jsonl') || file.endsWith('.ndjson')
      ? text
          .split('\n')
          .filter((l) => l.trim())
          .map((l) => JSON.parse(l))
      : JSON.parse(text);
  if (!Array.isArray(rows))
    throw new ConfigError(`${file}: source rows must be a JSON array of objects`, { code: 'test.fixture_invalid' });
  return rows as Array<Record<string, unknown>>;
}

async function readExpected(file: string): Promise<unknown[]> {
  const value: unknown = JSON.parse(await readFixture(file));
  return Array.isArray(value) ? value : [value];
}

async function readFixture(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read test fixture ${file}: ${(error as Error).message}`, {
      code: 'test.fixture_missing',
    });
  }
}
