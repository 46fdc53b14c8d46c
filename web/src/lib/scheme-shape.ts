import type { SchemeInput } from '../api/types.js';

/** The parts of a scheme document the console shows, read defensively (files may be partial while edited). */
export interface SchemeView {
  id: string;
  name: string;
  enabled: boolean;
  source: {
    connection: string;
    api: string;
    params: Record<string, unknown>;
    fieldKeys: string[];
    cursorStart: string | null;
    cursorFields: string[];
    groupKey: string | null;
  };
  mapping: Array<{ field: string; expression: string }>;
  target: { connection: string; api: string; key: string };
  schedule: string;
  attempts: number | null;
  preconditions: string[];
}

function obj(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string {
  return typeof value === 'string' ? value : value === undefined || value === null ? '' : String(value);
}

/** FieldKeys as a list, whether written as a YAML list or as Kingdee's comma-separated string. */
export function fieldKeysOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(str).filter(Boolean);
  if (typeof value === 'string')
    return value
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return [];
}

/** `{ cron }`, `{ intervalSeconds }` or `{ manual: true }` as one line of text. */
export function scheduleText(schedule: unknown): string {
  const s = obj(schedule);
  if (typeof s.cron === 'string') return `cron ${s.cron}`;
  if (typeof s.intervalSeconds === 'number') return `every ${s.intervalSeconds} s`;
  return 'manual';
}

/** Extracts the view from a parsed scheme (`SchemeInput`-shaped, but tolerant of anything). */
export function schemeView(raw: unknown): SchemeView {
  const scheme = obj(raw) as Partial<Record<keyof SchemeInput, unknown>>;
  const source = obj(scheme.source);
  const params = obj(source.params);
  const cursor = obj(source.cursor);
  const group = obj(source.group);
  const target = obj(scheme.target);
  const settings = obj(scheme.settings);
  const retry = obj(settings.retry);
  return {
    id: str(scheme.id),
    name: str(scheme.name),
    enabled: scheme.enabled !== false,
    source: {
      connection: str(source.connection),
      api: str(source.api),
      params,
      fieldKeys: fieldKeysOf(params.FieldKeys),
      cursorStart: typeof cursor.start === 'string' ? cursor.start : null,
      cursorFields: Array.isArray(cursor.fields) ? cursor.fields.map(str) : [],
      groupKey: typeof group.key === 'string' ? group.key : typeof source.key === 'string' ? source.key : null,
    },
    mapping: Object.entries(obj(obj(scheme.mapping).document)).map(([field, expression]) => ({
      field,
      expression: expression === null ? 'null' : str(expression),
    })),
    target: { connection: str(target.connection), api: str(target.api), key: str(target.key) },
    schedule: scheduleText(settings.schedule),
    attempts: typeof retry.attempts === 'number' ? retry.attempts : null,
    preconditions: Array.isArray(settings.preconditions) ? settings.preconditions.map(str) : [],
  };
}
