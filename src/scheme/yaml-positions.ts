import { isMap, isPair, isScalar, isSeq, type LineCounter, type Document, type Node } from 'yaml';

export interface YamlPosition {
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
}

export type IssuePath = ReadonlyArray<string | number | symbol>;

/**
 * Finds where a JSON path points in a parsed YAML document, so validation messages can say
 * `file:line:col`. `at: 'key'` points at the key of the last path element (for unknown keys);
 * a path that does not exist (a missing required field) points at its deepest existing ancestor.
 */
export function locatePath(
  doc: Document,
  lineCounter: LineCounter,
  path: IssuePath,
  at: 'value' | 'key' = 'value',
): YamlPosition | undefined {
  let node: unknown = doc.contents;
  let position = positionOf(node, lineCounter);
  for (let i = 0; i < path.length; i++) {
    const segment = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(segment));
      if (!pair) return position;
      if (last && at === 'key') return positionOf(pair.key, lineCounter) ?? position;
      node = pair.value;
      position = positionOf(pair.value, lineCounter) ?? positionOf(pair.key, lineCounter) ?? position;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) return position;
      node = item;
      position = positionOf(item, lineCounter) ?? position;
    } else {
      return position;
    }
  }
  return position;
}

/** The JSON path of `node` from a `visit` callback's ancestors, e.g. ["connections", "okki", "clientSecret"]. */
export function pathOfNode(ancestors: readonly unknown[], node: unknown): Array<string | number> {
  const chain = [...ancestors, node];
  const out: Array<string | number> = [];
  for (let i = 0; i < chain.length - 1; i++) {
    const parent = chain[i];
    const child = chain[i + 1];
    if (isPair(parent) && child === parent.value) out.push(keyText(parent.key) ?? '?');
    else if (isSeq(parent)) out.push(parent.items.indexOf(child));
  }
  return out;
}

/** The YAML node at `path`, when it exists. */
export function nodeAt(doc: Document, path: IssuePath): Node | undefined {
  let node: unknown = doc.contents;
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && keyText(p.key) === String(segment));
      if (!pair) return undefined;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      node = node.items[segment];
    } else {
      return undefined;
    }
  }
  return (node ?? undefined) as Node | undefined;
}

/**
 * Position of character `offset` of a scalar's value (e.g. where JSONata reported a syntax error).
 * Exact for single-line plain and quoted scalars without escapes; otherwise the scalar's start.
 */
export function locateInScalar(
  doc: Document,
  lineCounter: LineCounter,
  text: string,
  path: IssuePath,
  offset: number,
): YamlPosition | undefined {
  const node = nodeAt(doc, path);
  const start = positionOf(node, lineCounter);
  if (!start || !isScalar(node) || !node.range || typeof node.value !== 'string') return start;
  const raw = text.slice(node.range[0], node.range[1]);
  if (raw.includes('\n')) return start;
  const value = node.value;
  const shift = raw === value ? 0 : raw.slice(1, -1) === value ? 1 : -1;
  if (shift < 0 || offset < 0 || offset > value.length) return start;
  const pos = lineCounter.linePos(node.range[0] + shift + offset);
  return { line: pos.line, column: pos.col };
}

function keyText(key: unknown): string | undefined {
  if (isScalar(key)) return String(key.value);
  return typeof key === 'string' ? key : undefined;
}

function positionOf(node: unknown, lineCounter: LineCounter): YamlPosition | undefined {
  const range = (node as { range?: [number, number, number] } | null)?.range;
  if (!range) return undefined;
  const pos = lineCounter.linePos(range[0]);
  return { line: pos.line, column: pos.col };
}
