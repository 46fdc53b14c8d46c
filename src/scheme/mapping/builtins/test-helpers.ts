import { compileExpression, type EvaluateOptions } from '../expression.js';
import type { MappingServices } from '../mapping-services.js';
import { mappingBuiltins } from './index.js';

/** Evaluates `text` with every mapping built-in, for built-in tests. */
export function evaluate(text: string, input: unknown = {}, options: EvaluateOptions = {}): Promise<unknown> {
  return compileExpression(text, mappingBuiltins).evaluate(input, options);
}

/** Services recording their calls, answering from the given tables. */
export function fakeServices(
  answers: {
    synced?: Record<string, Record<string, Record<string, unknown>>>;
    target?: (q: unknown[]) => unknown;
    fields?: Record<string, string>;
  } = {},
) {
  const calls: Array<{ fn: string; args: unknown[] }> = [];
  const services: MappingServices = {
    async lookupSynced(schemeId, key) {
      calls.push({ fn: 'lookupSynced', args: [schemeId, key] });
      return answers.synced?.[schemeId]?.[key] ?? null;
    },
    async lookupTarget(...args) {
      calls.push({ fn: 'lookupTarget', args });
      return answers.target?.(args);
    },
    async customFieldId(connection, module, name) {
      calls.push({ fn: 'customFieldId', args: [connection, module, name] });
      const id = answers.fields?.[name];
      if (!id) throw new Error(`no field ${name}`);
      return id;
    },
    now: () => new Date('2026-03-01T04:05:06Z'),
  };
  return { services, calls };
}
