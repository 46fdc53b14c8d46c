import { parseDocument, stringify } from 'yaml';

export type YamlPath = Array<string | number>;

/** Parse result of the editor's YAML text; `data` is null when the text does not parse. */
export interface ParsedYaml {
  data: unknown;
  error: string | null;
}

/** Parses scheme YAML for the form view. */
export function parseYaml(text: string): ParsedYaml {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return { data: null, error: doc.errors[0].message };
  return { data: doc.toJS() as unknown, error: null };
}

/**
 * Sets one value in YAML text and returns the new text. Comments and the order of everything else
 * are kept, so a power user's hand-written file survives form edits. `undefined` deletes the key.
 * Text that does not parse is returned unchanged.
 */
export function setYamlValue(text: string, path: YamlPath, value: unknown): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) return text;
  if (value === undefined) doc.deleteIn(path);
  else doc.setIn(path, value);
  return doc.toString();
}

/** Renames a key of a map (keeping its value and position), e.g. a mapping's target field. */
export function renameYamlKey(text: string, parent: YamlPath, from: string, to: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0 || from === to) return text;
  const map = doc.getIn(parent, true) as { items?: Array<{ key: unknown }> } | undefined;
  const pair = map?.items?.find((p) => {
    const k = p.key as { value?: unknown } | string;
    return (typeof k === 'object' && k !== null ? k.value : k) === from;
  });
  if (!pair) return text;
  pair.key = doc.createNode(to);
  return doc.toString();
}

/** YAML text for a plain object (for new schemes). */
export function toYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0 });
}
