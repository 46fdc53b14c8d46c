import { OPERATOR_TOKEN, schemeYaml, TEST_TOKEN, VIEWER_TOKEN } from '../../src/testing/api-fixture.js';

/** One hostile request against the API and what the caller must get back. */
export interface HostileCase {
  name: string;
  method?: string;
  path: string;
  /** A JSON value (serialized) or raw text. */
  body?: unknown;
  /** Replace the default headers (admin bearer, JSON content type on changes); '' removes one. */
  headers?: Record<string, string>;
  status: number;
  /** A fragment of the error message (or of the body for non-errors). */
  says: string;
}

export const admin = { Authorization: `Bearer ${TEST_TOKEN}` };
export const noAuth = { Authorization: '' };
export const asViewer = { Authorization: `Bearer ${VIEWER_TOKEN}` };
export const asOperator = { Authorization: `Bearer ${OPERATOR_TOKEN}` };
/** A valid scheme no hostile request may manage to save. */
export const plantedYaml = schemeYaml('planted');

/** `levels` YAML anchors, each ten aliases of the one before: 10^levels nodes when expanded. */
export function aliasBomb(levels: number): string {
  const lines = ['version: 1', 'id: bomb', 'l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i <= levels; i++)
    lines.push(
      `l${i}: &l${i} [${Array(10)
        .fill(`*l${i - 1}`)
        .join(', ')}]`,
    );
  return `${lines.join('\n')}\n`;
}
