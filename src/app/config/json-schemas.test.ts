import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renderJsonSchemas } from './json-schemas.js';

const root = new URL('../../../', import.meta.url);

describe('generated JSON Schemas', () => {
  it.each(Object.entries(renderJsonSchemas()))('%s is up to date (run npm run gen:schema)', (path, content) => {
    expect(readFileSync(new URL(path, root), 'utf8')).toBe(content);
  });

  it('keeps descriptions and rejects unknown keys in the editor schema', () => {
    const schema = JSON.parse(renderJsonSchemas()['schemas/scheme.schema.json']) as {
      additionalProperties: boolean;
      properties: {
        mapping: { additionalProperties: boolean };
        source: {
          properties: { cursor: { properties: { overlapSeconds: { description: string; default: number } } } };
        };
      };
    };
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.mapping.additionalProperties).toBe(false);
    expect(schema.properties.source.properties.cursor.properties.overlapSeconds).toMatchObject({
      default: 300,
      description: expect.stringContaining('seconds'),
    });
  });
});
