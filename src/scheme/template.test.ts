import { describe, expect, it } from 'vitest';
import { collectTemplateUses, renderTemplates, resolveVariable, templateSyntaxErrors } from './template.js';

describe('templates', () => {
  it('renders embedded and whole-value variables, keeping types of whole values', () => {
    const params = {
      FilterString: "FModifyDate >= '{{window.from}}' and FModifyDate < '{{ window.to }}'",
      Model: { FID: '{{source.FID}}', F_Id: '{{ids.order_id}}' },
      Keys: ['{{key}}'],
    };
    const out = renderTemplates(params, {
      window: { from: 'A', to: 'B' },
      source: { FID: 100001 },
      ids: { order_id: 77 },
      key: 'XSDD1',
    });
    expect(out).toEqual({
      FilterString: "FModifyDate >= 'A' and FModifyDate < 'B'",
      Model: { FID: 100001, F_Id: 77 },
      Keys: ['XSDD1'],
    });
  });

  it('resolves source fields whose names contain dots', () => {
    const vars = { source: { 'FCustId.FNumber': 'C1', lines: [{ a: 1 }], nested: { x: { y: 2 } } } };
    expect(resolveVariable(vars, 'source.FCustId.FNumber')).toBe('C1');
    expect(resolveVariable(vars, 'source.nested.x.y')).toBe(2);
    expect(resolveVariable(vars, 'source.missing')).toBeUndefined();
  });

  it('fails naming the variable when a value is missing', () => {
    expect(() => renderTemplates({ a: '{{ids.order_id}}' }, { ids: {} })).toThrow(/\{\{ids.order_id\}\} has no value/);
  });

  it('collects uses with their paths', () => {
    expect(collectTemplateUses({ a: ['x {{now}}'], b: { c: '{{key}}{{now}}' } })).toEqual([
      { path: ['a', 0], variable: 'now' },
      { path: ['b', 'c'], variable: 'key' },
      { path: ['b', 'c'], variable: 'now' },
    ]);
  });

  it('finds malformed templates with their offsets, and leaves JSON braces alone', () => {
    const errors = (text: string) => templateSyntaxErrors(text).map((e) => `${e.offset} ${e.message.split(':')[0]}`);
    expect(errors("FModifyDate >= '{{window.from' and FModifyDate < '{{window.to}}'")).toEqual([
      '16 Unclosed template "{{window.from"',
    ]);
    expect(errors('{{window.to}')).toEqual(['0 Unclosed template "{{window.to"']);
    expect(errors('a {{ }} b')).toEqual(['2 Empty template {{ }}']);
    expect(errors('{{ {x} }}')).toEqual(['0 Malformed template "{{ {x} }}"']);
    expect(errors("FDate < 'window.to}}'")).toEqual(['18 "}}" without an opening "{{"; write {{window.to}}']);
    expect(errors('{"a":{"b":true}} {{now}} {"c":{"d":1}}')).toEqual([]);
  });
});
