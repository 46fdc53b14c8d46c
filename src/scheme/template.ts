import { IntegrationError } from '../core/errors.js';

/**
 * `{{name}}` templates in scheme params. Deliberately tiny: a template names one variable, no
 * filters or expressions (those belong in the JSONata mapping), so a typo is caught at validation.
 */
const TEMPLATE = /\{\{\s*([^{}]*?)\s*\}\}/g;
const WHOLE = /^\{\{\s*([^{}]*?)\s*\}\}$/;

/** Variables allowed in `source.params`. */
export const SOURCE_TEMPLATE_VARIABLES = ['window.from', 'window.to', 'lastSyncTime', 'now', 'waitingKeys'] as const;
/** Exact variables allowed in `target.writeBack.params`, besides the prefixes below. */
export const WRITE_BACK_TEMPLATE_VARIABLES = ['key', 'now'] as const;
/** Variable prefixes allowed in `target.writeBack.params`: a source field, a target id, a payload field. */
export const WRITE_BACK_TEMPLATE_PREFIXES = ['source.', 'ids.', 'payload.'] as const;
/** Variables allowed in `target.params`. */
export const TARGET_TEMPLATE_VARIABLES = ['key', 'now'] as const;

/** Every `{{…}}` variable name used in `text`, in order of appearance. */
export function templateVariables(text: string): string[] {
  return [...text.matchAll(TEMPLATE)].map((m) => m[1]);
}

export interface TemplateUse {
  /** Path of the string inside the params object, e.g. ["Model", "FID"]. */
  path: Array<string | number>;
  variable: string;
}

/** All template variable uses inside a params value (strings at any depth). */
export function collectTemplateUses(value: unknown, path: Array<string | number> = []): TemplateUse[] {
  if (typeof value === 'string') return templateVariables(value).map((variable) => ({ path, variable }));
  if (Array.isArray(value)) return value.flatMap((item, i) => collectTemplateUses(item, [...path, i]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => collectTemplateUses(v, [...path, k]));
  return [];
}

export interface TemplateSyntaxError {
  /** Character offset of the problem inside the string. */
  offset: number;
  message: string;
}

/** Words that end JSON values, so `true}}` in a JSON string is not taken for a half-written template. */
const JSON_WORDS = new Set(['true', 'false', 'null']);

/**
 * Malformed `{{…}}` in one string: an unclosed `{{window.from`, an empty `{{ }}`, braces inside a
 * template, or a `window.to}}` whose `{{` is missing. Such text would otherwise be sent to the
 * vendor literally (Kingdee then fails the filter at run time, or worse, matches nothing).
 */
export function templateSyntaxErrors(text: string): TemplateSyntaxError[] {
  const errors: TemplateSyntaxError[] = [];
  let from = 0;
  for (;;) {
    const open = text.indexOf('{{', from);
    const stray = strayClose(text.slice(from, open < 0 ? undefined : open));
    if (stray >= 0)
      errors.push({
        offset: from + stray,
        message: `"}}" without an opening "{{"; write {{${/([A-Za-z_][\w.]*)\s*$/.exec(text.slice(0, from + stray))?.[1] ?? 'name'}}}`,
      });
    if (open < 0) return errors;
    const close = text.indexOf('}}', open + 2);
    const reopen = text.indexOf('{{', open + 2);
    if (close < 0 || (reopen >= 0 && reopen < close)) {
      const shown = /^\{\{\s*[^\s'"{}]{0,60}/.exec(text.slice(open))?.[0] ?? '{{';
      errors.push({
        offset: open,
        message: `Unclosed template "${shown}": close it with "}}", e.g. {{window.from}}`,
      });
      if (close < 0) return errors;
      from = reopen;
      continue;
    }
    const body = text.slice(open + 2, close);
    if (body.trim() === '')
      errors.push({ offset: open, message: 'Empty template {{ }}: name a variable, e.g. {{now}}' });
    else if (/[{}]/.test(body))
      errors.push({
        offset: open,
        message: `Malformed template "${text.slice(open, close + 2)}": a template is one variable name in {{ }}, no braces inside`,
      });
    from = close + 2;
  }
}

/** Offset of a `}}` that closes nothing and follows a variable-like name, or -1. */
function strayClose(segment: string): number {
  for (const match of segment.matchAll(/([A-Za-z_][\w.]*)\s*\}\}/g)) {
    if (!JSON_WORDS.has(match[1] ?? '')) return (match.index ?? 0) + match[0].length - 2;
  }
  return -1;
}

/** Every string inside a params value with its path (for per-string checks). */
export function collectStrings(
  value: unknown,
  path: Array<string | number> = [],
): Array<{ path: Array<string | number>; text: string }> {
  if (typeof value === 'string') return [{ path, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => collectStrings(item, [...path, i]));
  if (value && typeof value === 'object')
    return Object.entries(value).flatMap(([k, v]) => collectStrings(v, [...path, k]));
  return [];
}

/** Whether `variable` may be used where `exact` names and `prefixes` are allowed. */
export function isAllowedVariable(
  variable: string,
  exact: readonly string[],
  prefixes: readonly string[] = [],
): boolean {
  return exact.includes(variable) || prefixes.some((p) => variable.startsWith(p) && variable.length > p.length);
}

/**
 * Looks a dotted variable up in `vars`. Kingdee field keys contain dots themselves
 * ("FCustId.FNumber"), so at every level the longest matching literal key wins.
 */
export function resolveVariable(vars: Record<string, unknown>, name: string): unknown {
  const walk = (value: unknown, rest: string): unknown => {
    if (rest === '') return value;
    if (!value || typeof value !== 'object') return undefined;
    const record = value as Record<string, unknown>;
    if (Object.hasOwn(record, rest)) return record[rest];
    const parts = rest.split('.');
    for (let i = parts.length - 1; i >= 1; i--) {
      const head = parts.slice(0, i).join('.');
      if (Object.hasOwn(record, head)) return walk(record[head], parts.slice(i).join('.'));
    }
    return undefined;
  };
  return walk(vars, name);
}

/**
 * Renders every `{{name}}` in `value` (strings at any depth of objects/arrays) from `vars`.
 * A string that is exactly one template keeps the variable's type (a numeric FID stays a number);
 * embedded templates are stringified. A variable without a value is an error naming it, because
 * sending "" where an id belongs would write wrong data.
 * @example renderTemplates({ FilterString: "FModifyDate >= '{{window.from}}'" }, { window: { from: '2026-01-01T00:00:00' } })
 */
export function renderTemplates<T>(value: T, vars: Record<string, unknown>): T {
  const lookup = (name: string): unknown => {
    const resolved = resolveVariable(vars, name);
    if (resolved === undefined || resolved === null) {
      throw new IntegrationError(
        `Template variable {{${name}}} has no value; check the scheme params and that the value exists.`,
        {
          code: 'template.value_missing',
          kind: 'record',
          details: { variable: name },
        },
      );
    }
    return resolved instanceof Date ? resolved.toISOString() : resolved;
  };
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') {
      const whole = WHOLE.exec(v);
      if (whole) return lookup(whole[1]);
      return v.replace(TEMPLATE, (_, name: string) => {
        const resolved = lookup(name);
        return typeof resolved === 'object' ? JSON.stringify(resolved) : String(resolved);
      });
    }
    if (Array.isArray(v)) return v.map(walk);
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, item]) => [k, walk(item)]));
    return v;
  };
  return walk(value) as T;
}
