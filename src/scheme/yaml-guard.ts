import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';

/** A problem in a YAML file before any schema looks at it, located for `file:line:col path: message`. */
export interface YamlIssue {
  path: Array<string | number>;
  line: number;
  column: number;
  message: string;
}

export interface GuardedYaml {
  doc: Document;
  lineCounter: LineCounter;
  /** The text the positions refer to (without a leading byte order mark). */
  text: string;
  /** The text started with a UTF-8 byte order mark (removed; callers warn). */
  bom: boolean;
  /** Anything that makes the document unsafe or unusable; empty when the document may be read. */
  issues: YamlIssue[];
}

export interface YamlGuardOptions {
  /** What the file is, for messages: "scheme", "qiao.yaml". */
  what: string;
  /** Largest accepted text (characters). */
  maxChars: number;
  /** What to write into an empty file, e.g. "version, id, name, source, mapping and target". */
  emptyHint: string;
}

/**
 * Keys that would reach Object.prototype (or shadow it) when YAML becomes a plain object; a scheme
 * or qiao.yaml never needs them, and a mapping or params object carrying them is an attack.
 */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
/** Tags of the YAML 1.2 core schema; others (!!binary, !!set, custom !tags) make Buffers, Sets or nothing useful. */
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));
/** Aliases one document may expand (the yaml package's own guard against "billion laughs"). */
export const MAX_YAML_ALIAS_COUNT = 100;
/** No scheme or qiao.yaml nests this deep; deeper means a generated or hostile file. */
const MAX_DEPTH = 64;
/** C0 controls except tab, LF and CR, and DEL: never meaningful in a setting, often a sign of a binary paste. */
function controlAt(text: string): number {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) || c === 0x7f) return i;
  }
  return -1;
}
/** At most this many YAML syntax errors are reported; the first ones are the ones to fix. */
const MAX_REPORTED = 20;

/**
 * Parses YAML text defensively: size cap, byte order mark, syntax errors, one document only,
 * no unknown tags, no prototype keys, no control characters, bounded nesting; every problem with
 * line, column and path. Never throws for bad input.
 */
export function guardYaml(input: string, options: YamlGuardOptions): GuardedYaml {
  const bom = input.startsWith('\uFEFF');
  const text = bom ? input.slice(1) : input;
  const lineCounter = new LineCounter();
  if (text.length > options.maxChars) {
    const doc = parseDocument('', { lineCounter });
    return {
      doc,
      lineCounter,
      text,
      bom,
      issues: [
        {
          path: [],
          line: 1,
          column: 1,
          message: `The file has ${text.length} characters; a ${options.what} file is at most ${options.maxChars}. Is it the right file?`,
        },
      ],
    };
  }
  const deep = tooDeepAt(text);
  const doc = parseDocument(deep < 0 ? text : '', { lineCounter, prettyErrors: false, uniqueKeys: true });
  const at = (offset: number): { line: number; column: number } => {
    const pos = lineCounter.linePos(offset);
    return { line: pos.line, column: pos.col };
  };
  if (deep >= 0) {
    const before = text.slice(0, deep);
    const line = before.split('\n').length;
    const column = deep - before.lastIndexOf('\n');
    return {
      doc,
      lineCounter,
      text,
      bom,
      issues: [{ path: [], line, column, message: `Nested deeper than ${MAX_DEPTH} levels; flatten it` }],
    };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0) {
    const message = `The file contains NUL characters: it is not UTF-8 text (UTF-16 or binary?); save the ${options.what} as UTF-8`;
    return { doc, lineCounter, text, bom, issues: [{ path: [], ...at(nul), message }] };
  }
  if (doc.errors.length > 0) {
    const issues = doc.errors
      .slice(0, MAX_REPORTED)
      .map((e) => ({ path: [], ...at(e.pos[0]), message: syntaxMessage(e.code, e.message, options.what) }));
    return { doc, lineCounter, text, bom, issues };
  }
  // Unresolved tags are reported by the walk below, at their node, with its path.
  const issues: YamlIssue[] = doc.warnings
    .filter((w) => w.code !== 'TAG_RESOLVE_FAILED')
    .map((w) => ({ path: [], ...at(w.pos[0]), message: `YAML: ${firstLine(w.message)}` }));
  const contents = doc.contents;
  if (contents === null || (isScalar(contents) && contents.value === null)) {
    const message = `The ${options.what} file is empty; write ${options.emptyHint}`;
    return { doc, lineCounter, text, bom, issues: [...issues, { path: [], line: 1, column: 1, message }] };
  }
  if (!isMap(contents)) {
    const kind = isSeq(contents) ? 'a list' : isAlias(contents) ? 'an alias' : 'a single value';
    const message = `The top level of a ${options.what} must be a mapping ("key: value" lines), not ${kind}; write ${options.emptyHint}`;
    return { doc, lineCounter, text, bom, issues: [...issues, { path: [], ...at(rangeStart(contents)), message }] };
  }
  const walk = (node: unknown, path: Array<string | number>): void => {
    if (issues.length >= MAX_REPORTED) return;
    const tag = (node as { tag?: string } | null)?.tag;
    if (tag && !CORE_TAGS.has(tag) && !isAlias(node))
      issues.push({ path, ...at(rangeStart(node)), message: unsupportedTag(tag) });
    if (path.length > MAX_DEPTH) {
      issues.push({ path, ...at(rangeStart(node)), message: `Nested deeper than ${MAX_DEPTH} levels; flatten it` });
      return;
    }
    if (isScalar(node) && typeof node.value === 'string' && controlAt(node.value) >= 0)
      issues.push({ path, ...at(rangeStart(node)), message: controlMessage(node.value) });
    if (isMap(node)) {
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
        const keyAt = at(rangeStart(pair.key));
        if (PROTOTYPE_KEYS.has(key))
          issues.push({
            path: [...path, key],
            ...keyAt,
            message: `The key "${key}" is not allowed: it names an object prototype property; rename or remove it`,
          });
        else if (key === '<<')
          issues.push({
            path: [...path, key],
            ...keyAt,
            message: 'YAML merge keys (<<) are not supported; write the keys out',
          });
        else if (controlAt(key) >= 0) issues.push({ path: [...path, key], ...keyAt, message: controlMessage(key) });
        walk(pair.value, [...path, key]);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(contents, []);
  return { doc, lineCounter, text, bom, issues };
}

/**
 * The document as plain JSON-like data. Aliases are expanded under a budget, so an alias bomb
 * ("billion laughs") is an issue at its first alias instead of an out-of-memory crash.
 */
export function yamlToJs(guarded: GuardedYaml): { ok: true; value: unknown } | { ok: false; issue: YamlIssue } {
  try {
    return { ok: true, value: guarded.doc.toJS({ maxAliasCount: MAX_YAML_ALIAS_COUNT }) as unknown };
  } catch (error) {
    const pos = guarded.lineCounter.linePos(Math.max(0, firstAliasOffset(guarded.doc.contents)));
    const message =
      error instanceof ReferenceError && /excessive alias/i.test(error.message)
        ? `YAML aliases (*name) expand to too much data (more than ${MAX_YAML_ALIAS_COUNT} expansions; an alias bomb?); write the values out or use fewer aliases`
        : `YAML: ${firstLine((error as Error).message)}`;
    return { ok: false, issue: { path: [], line: pos.line, column: pos.col, message } };
  }
}

/**
 * File bytes as text. UTF-16 (Windows "Unicode") and bytes that are not UTF-8 (GBK from an old
 * editor) are refused with their position instead of being replaced by U+FFFD without a word.
 */
export function decodeYamlBytes(
  bytes: Uint8Array,
  what: string,
): string | { line: number; column: number; message: string } {
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    return { line: 1, column: 1, message: `The ${what} file is UTF-16 text; save it as UTF-8` };
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes); // a BOM is kept: it is reported
  } catch {
    const text = new TextDecoder('utf-8').decode(bytes);
    const bad = Math.max(0, text.indexOf('\uFFFD'));
    const before = text.slice(0, bad);
    return {
      line: before.split('\n').length,
      column: bad - before.lastIndexOf('\n'),
      message: `The ${what} file is not valid UTF-8 (a legacy encoding such as GBK?); save it as UTF-8`,
    };
  }
}

/**
 * Where the text nests far deeper than any scheme or qiao.yaml would (flow brackets, or block
 * indentation and "- - -" runs), or -1. Checked before parsing: the parser's own limit is reached
 * only after seconds of work on a few megabytes of brackets.
 */
function tooDeepAt(text: string): number {
  const limit = MAX_DEPTH * 2;
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return i;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) depth--;
  }
  // Block nesting shows as indentation: spaces and "- " runs of more than four columns per level.
  const indented = new RegExp(`^[ \\t-]{${limit * 4},}`, 'm').exec(text);
  return indented ? indented.index : -1;
}

function syntaxMessage(code: string, message: string, what: string): string {
  if (code === 'MULTIPLE_DOCS')
    return `A ${what} file holds one YAML document; remove the second "---" and what follows`;
  if (code === 'RESOURCE_EXHAUSTION' || /call stack/i.test(message))
    return 'YAML: nested too deeply to read; flatten it';
  if (code === 'DUPLICATE_KEY') return 'YAML: a key appears twice in the same mapping; keep one';
  return `YAML: ${firstLine(message)}`;
}

function unsupportedTag(text: string): string {
  const tag = /(tag:yaml\.org,2002:\S+|![^\s]*)/.exec(text)?.[1] ?? text;
  return `The YAML tag ${tag.replace('tag:yaml.org,2002:', '!!')} is not supported; remove it (plain values, lists and mappings only)`;
}

function controlMessage(value: string): string {
  const code = value.charCodeAt(controlAt(value));
  return `Contains the control character U+${code.toString(16).toUpperCase().padStart(4, '0')}; remove it`;
}

function firstLine(message: string): string {
  return message.split('\n')[0] ?? message;
}

function rangeStart(node: unknown): number {
  return (node as { range?: [number, number, number] } | null)?.range?.[0] ?? 0;
}

function firstAliasOffset(node: unknown): number {
  if (isAlias(node)) return rangeStart(node);
  if (isPair(node)) {
    const key = firstAliasOffset(node.key);
    return key >= 0 ? key : firstAliasOffset(node.value);
  }
  if (isMap(node) || isSeq(node)) {
    for (const item of node.items as unknown[]) {
      const found = firstAliasOffset(item);
      if (found >= 0) return found;
    }
  }
  return -1;
}
