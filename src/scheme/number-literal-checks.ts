import { isScalar, type Document } from 'yaml';
import { nodeAt } from './yaml-positions.js';

/**
 * Literal numbers in `mapping.document` whose YAML text does not mean what it looks like: YAML
 * reads `00123` as 123 (a code loses its zeros), `0x1F` as 31, and a long integer such as an id
 * loses digits beyond 2^53. Each is refused with the quoted form to write instead.
 */
export function ambiguousNumberIssues(
  doc: Document,
  text: string,
  mapping: Record<string, unknown>,
): Array<{ path: Array<string | number>; message: string }> {
  const issues: Array<{ path: Array<string | number>; message: string }> = [];
  for (const [field, value] of Object.entries(mapping)) {
    if (typeof value !== 'number') continue;
    const path = ['mapping', 'document', field];
    const node = nodeAt(doc, path);
    if (!isScalar(node) || !node.range || node.type !== 'PLAIN') continue;
    const raw = text.slice(node.range[0], node.range[1]).trim();
    const quoted = `write "'${raw}'" for the text ${raw}, or ${String(value)} for the number`;
    if (/^[-+]?0\d/.test(raw)) issues.push({ path, message: `YAML reads ${raw} as the number ${value}; ${quoted}` });
    else if (/^[-+]?0[xob]/i.test(raw))
      issues.push({ path, message: `YAML reads ${raw} as the number ${value}; ${quoted}` });
    else if (/^[-+]?\d+$/.test(raw) && !Number.isSafeInteger(value))
      issues.push({
        path,
        message: `${raw} is too long for an exact number (it would be sent as ${value}); write "'${raw}'" to send it as text`,
      });
  }
  return issues;
}
