import { describe, expect, it } from 'vitest';
import { decodeYamlBytes, guardYaml, yamlToJs } from './yaml-guard.js';

const options = { what: 'scheme', maxChars: 10_000, emptyHint: 'version, id, …' };
const issuesOf = (text: string) =>
  guardYaml(text, options).issues.map((i) => `${i.line}:${i.column} ${i.path.join('.')}: ${i.message}`);

describe('guardYaml', () => {
  it('accepts a plain mapping and reads it', () => {
    const guarded = guardYaml('a: 1\nb: [x, y]\n', options);
    expect(guarded.issues).toEqual([]);
    expect(yamlToJs(guarded)).toEqual({ ok: true, value: { a: 1, b: ['x', 'y'] } });
  });

  it('refuses prototype keys at any depth, at the key, with the path', () => {
    expect(issuesOf('a:\n  b: [{ __proto__: 1 }]\nconstructor: x\n')).toEqual([
      '2:9 a.b.0.__proto__: The key "__proto__" is not allowed: it names an object prototype property; rename or remove it',
      '3:1 constructor: The key "constructor" is not allowed: it names an object prototype property; rename or remove it',
    ]);
  });

  it('drops a byte order mark and says so, keeping positions on the text without it', () => {
    const guarded = guardYaml('\uFEFFa: 1\n', options);
    expect(guarded).toMatchObject({ bom: true, text: 'a: 1\n', issues: [] });
  });

  it('stops an alias bomb at its first alias instead of expanding it', () => {
    let text = 'a: &a [x, x, x, x, x, x, x, x, x, x]\n';
    for (let i = 1; i < 8; i++)
      text += `l${i}: &l${i} [${Array(10)
        .fill(i === 1 ? '*a' : `*l${i - 1}`)
        .join(', ')}]\n`;
    const result = yamlToJs(guardYaml(text, options));
    expect(result).toMatchObject({
      ok: false,
      issue: { line: 2, column: 10, message: expect.stringContaining('alias bomb') },
    });
  });

  it('refuses deep nesting before parsing, unknown tags, control characters and a second document', () => {
    expect(issuesOf(`a: ${'['.repeat(200)}`)[0]).toMatch(/^1:132 : Nested deeper than 64 levels/);
    expect(issuesOf('a: !!binary aGk=\n')).toEqual([
      '1:13 a: The YAML tag !!binary is not supported; remove it (plain values, lists and mappings only)',
    ]);
    expect(issuesOf('a: "x\\by"\n')).toEqual(['1:4 a: Contains the control character U+0008; remove it']);
    expect(issuesOf('a: 1\n---\nb: 2\n')).toEqual([expect.stringContaining('holds one YAML document')]);
  });

  it('names an empty file, a list and a scalar at the top, and a file over the size cap', () => {
    expect(issuesOf('# nothing\n')).toEqual(['1:1 : The scheme file is empty; write version, id, …']);
    expect(issuesOf('- a\n')[0]).toContain('not a list');
    expect(issuesOf('"x"\n')[0]).toContain('not a single value');
    expect(issuesOf('x'.repeat(10_001))[0]).toContain('a scheme file is at most 10000');
  });
});

describe('decodeYamlBytes', () => {
  it('refuses UTF-16 and names the first byte that is not UTF-8', () => {
    expect(decodeYamlBytes(new Uint8Array([0xff, 0xfe, 0x61, 0]), 'scheme')).toMatchObject({
      line: 1,
      column: 1,
      message: expect.stringContaining('UTF-16'),
    });
    const gbk = new Uint8Array([...Buffer.from('a: 1\nname: '), 0xb6, 0xa9, 0x0a]);
    expect(decodeYamlBytes(gbk, 'scheme')).toMatchObject({
      line: 2,
      column: 7,
      message: expect.stringContaining('not valid UTF-8'),
    });
    expect(decodeYamlBytes(Buffer.from('\uFEFFa: 1'), 'scheme')).toBe('\uFEFFa: 1');
  });
});
