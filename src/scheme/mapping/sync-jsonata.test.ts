import { describe, expect, it } from 'vitest';
import { sinkLogger, type LogLevel } from '../../core/logger.js';
import { mappingBuiltins } from './builtins/index.js';
import { fakeServices } from './builtins/test-helpers.js';
import { compileExpression } from './expression.js';
import generated, { jsonataVersion } from './generated/jsonata-sync.generated.js';
import { chooseSyncJsonata, type SyncJsonata } from './sync-jsonata.js';

const doc = {
  FCustId: 'C1',
  lines: [
    { FMaterial: 'M1', FAmount: 10.05 },
    { FMaterial: 'M2', FAmount: 0.125 },
  ],
};
const synced = {
  customers: { C1: { company_id: 1001 } },
  materials: { M1: { product_id: 11 }, M2: { product_id: 12 } },
};

function recordingLogger() {
  const lines: Array<{ level: LogLevel; obj: object; msg?: string }> = [];
  return { logger: sinkLogger((level, obj, msg) => lines.push({ level, obj, msg })), lines };
}

/** The generated build, counting the expressions it is asked to parse. */
function countingBuild() {
  let parsed = 0;
  const factory: SyncJsonata = (text) => {
    parsed++;
    return (generated as SyncJsonata)(text);
  };
  return { generated: { factory, version: jsonataVersion }, parsed: () => parsed };
}

describe('choosing the synchronous JSONata', () => {
  it('uses the generated build when the installed jsonata is the version it was generated from, and logs nothing', async () => {
    const build = countingBuild();
    const choice = chooseSyncJsonata(jsonataVersion, build.generated);
    const { logger, lines } = recordingLogger();
    choice.reportFallback(logger);
    const value = await compileExpression('$moneySum(lines.FAmount)', mappingBuiltins, undefined, {
      syncJsonata: choice,
    }).evaluate(doc);
    expect(value).toBe('10.18');
    expect(build.parsed()).toBeGreaterThan(0);
    expect(lines).toEqual([]);
  });

  it('falls back to async JSONata on a version mismatch, with the same results, and warns once with the fix', async () => {
    const build = countingBuild();
    const choice = chooseSyncJsonata('9.9.9', build.generated);
    expect(choice.factory).toBeNull();

    const mapped = await compileExpression(
      "{ 'company': $lookup('customers', FCustId, 'company_id'), 'products': [lines.$lookup('materials', FMaterial, 'product_id')], 'total': $moneySum(lines.FAmount) }",
      mappingBuiltins,
      undefined,
      { syncJsonata: choice },
    ).evaluate(doc, { services: fakeServices({ synced }).services });
    expect(mapped).toEqual({ company: 1001, products: [11, 12], total: '10.18' });
    expect(build.parsed()).toBe(0);

    const { logger, lines } = recordingLogger();
    choice.reportFallback(logger);
    choice.reportFallback(logger); // a second engine in the same process
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 'warn',
      obj: { jsonataInstalled: '9.9.9', syncJsonataGeneratedFrom: jsonataVersion, fix: 'npm run gen:sync-jsonata' },
    });
    expect(lines[0]!.msg).toContain(`generated from jsonata ${jsonataVersion}, but jsonata 9.9.9 is installed`);
    expect(lines[0]!.msg).toContain('npm run gen:sync-jsonata');
  });

  it('falls back when the installed version cannot be read', () => {
    const choice = chooseSyncJsonata(undefined);
    expect(choice.factory).toBeNull();
    expect(choice.fallback).toEqual({ generatedFrom: jsonataVersion, installed: undefined });
  });
});
