import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { GUARD_BINDING, LIMITS_BINDING } from './guard-binding.js';

/**
 * The jsonata release the rewrite below was checked against, and the SHA-256 of its jsonata.js.
 * The hash, not only the version, because the rewrite is text surgery: it is only known to be
 * right for these exact bytes. To move to another jsonata: install it exactly
 * (`npm install jsonata@X --save-exact`), update this pin, run `npm run gen:sync-jsonata`, and let
 * the engine's corpus test (expression-engine.test.ts) compare the result with async JSONata.
 */
export const JSONATA_PIN = {
  version: '2.2.2',
  sha256: '9c2a35f4d895797f123f65c7f9a4ce16b3a295d209e0f3f225a0c3bae1bd9049',
} as const;

export const REGENERATE_COMMAND = 'npm run gen:sync-jsonata';

/** Paths of the generated files, relative to the repository root. */
export const GENERATED_JS = 'src/scheme/mapping/generated/jsonata-sync.generated.js';
export const GENERATED_DTS = 'src/scheme/mapping/generated/jsonata-sync.generated.d.ts';

/** An installed jsonata as the generator reads it. */
export interface JsonataSource {
  version: string;
  /** The text of jsonata.js (the browserify bundle jsonata's package.json names as main). */
  source: string;
  /** The text of jsonata's LICENSE (MIT), kept in the generated file. */
  license: string;
}

const NO_GUARDRAILS = 'exec_env.guardrails = function() {};';
const STEP_END = 'environment.base.depth--;';
const RANGE_CHECK = 'if(size > 1e7) {';

/** Reads the installed jsonata (build time and tests only; the runtime never reads its source). */
export function readInstalledJsonata(): JsonataSource {
  const require = createRequire(import.meta.url);
  const main = require.resolve('jsonata');
  const dir = dirname(require.resolve('jsonata/package.json'));
  const { version } = require('jsonata/package.json') as { version: string };
  return { version, source: readFileSync(main, 'utf8'), license: readFileSync(join(dir, 'LICENSE'), 'utf8') };
}

/**
 * The generated files (path → content) for `input`. Throws when `input` is not the pinned jsonata
 * or does not have the shape the rewrite expects, saying what to do.
 */
export function renderSyncJsonata(
  input: JsonataSource,
  pin: { version: string; sha256: string } = JSONATA_PIN,
): Record<string, string> {
  const sha256 = createHash('sha256').update(input.source).digest('hex');
  if (input.version !== pin.version || sha256 !== pin.sha256) {
    throw new Error(
      `installed jsonata ${input.version} (jsonata.js sha256 ${sha256}) is not the one the synchronous build was checked against ` +
        `(jsonata ${pin.version}, sha256 ${pin.sha256}). Install jsonata@${pin.version} exactly, or update JSONATA_PIN in ` +
        `src/scheme/mapping/render-sync-jsonata.ts for the new version and run \`${REGENERATE_COMMAND}\`, then run the sync engine tests.`,
    );
  }
  return {
    [GENERATED_JS]: `${header(input, sha256)}${esModule(synchronous(input.source), input.version, sha256)}`,
    [GENERATED_DTS]: declarations(),
  };
}

/**
 * JSONata 2 is async all the way down: every evaluation step is an `await`, even when nothing is
 * asynchronous, which made JSONata's promise machinery most of the cost of mapping a document.
 * JSONata 2's evaluator is its 1.x generator-based evaluator rewritten with async/await, so
 * removing `async`/`await` gives the same evaluator, run synchronously — the same code, so the same
 * results and errors, as long as no function returns a promise (expression.ts makes sure of that
 * and uses the real async JSONata otherwise).
 */
function synchronous(source: string): string {
  const unawaited = source
    .replace(/\basync function\b/g, 'function')
    .replace(/\basync \(/g, '(')
    // `await Promise.all(list.map(async …))`: with synchronous callbacks the list already holds the values.
    .replace(/\bawait Promise\.all\(/g, '(')
    .replace(/\bawait /g, '');
  const guarded = replaceOnce(
    unawaited,
    NO_GUARDRAILS,
    `exec_env.guardrails = (bindings && bindings[${JSON.stringify(GUARD_BINDING)}]) || function() {};\n` +
      `                    exec_env.qiaoLimits = (bindings && bindings[${JSON.stringify(LIMITS_BINDING)}]) || null;`,
  );
  // Every step's result goes past the size caps (a string built by `&`, a sequence built by a path).
  const capped = replaceOnce(
    guarded,
    STEP_END,
    `if (result !== undefined && environment.base.qiaoLimits !== null) environment.base.qiaoLimits.result(result);\n        ${STEP_END}`,
  );
  // A range is refused by its size before JSONata allocates it.
  const ranged = replaceOnce(
    capped,
    RANGE_CHECK,
    `if (environment.base.qiaoLimits !== null) environment.base.qiaoLimits.range(size);\n        ${RANGE_CHECK}`,
  );
  const sync = withoutStepHooks(ranged);
  const left = /\bawait\b|\basync\s*(?:function\b|\(|[A-Za-z_$][\w$]*\s*=>)|\bPromise\b/.exec(sync);
  if (left) throw new Error(`unexpected "${left[0]}" left in jsonata.js after removing async/await`);
  return sync;
}

/**
 * On every step JSONata looks up its evaluate entry/exit callbacks, and on every new frame its
 * frame-push callback (each a Symbol.for registry lookup plus a walk up the whole frame chain) — a
 * large part of a step's cost once nothing is awaited. qiao never registers those callbacks on
 * this build (limits use the guardrail), and an expression cannot bind a symbol, so the lookups
 * always find nothing: drop them.
 */
function withoutStepHooks(source: string): string {
  let out = source;
  for (const lookup of [
    "environment.lookup(Symbol.for('jsonata.__evaluate_entry'))",
    "environment.lookup(Symbol.for('jsonata.__evaluate_exit'))",
    "enclosingEnvironment.lookup(Symbol.for('jsonata.__createFrame_push'))",
  ]) {
    out = replaceOnce(out, lookup, 'undefined');
  }
  return out;
}

/** Strict at build time: text found other than exactly once means the rewrite no longer fits. */
function replaceOnce(source: string, text: string, replacement: string): string {
  const found = source.split(text).length - 1;
  if (found !== 1)
    throw new Error(
      `expected "${text}" once in jsonata.js, found it ${found} times; the rewrite in render-sync-jsonata.ts needs a look`,
    );
  return source.replace(text, () => replacement);
}

function header(input: JsonataSource, sha256: string): string {
  const license = input.license
    .trim()
    .replaceAll('*/', '* /')
    .split('\n')
    .map((line) => ` * ${line}`.trimEnd())
    .join('\n');
  return `/*
 * Generated, do not edit: run \`${REGENERATE_COMMAND}\` (scripts/gen-sync-jsonata.ts).
 *
 * jsonata ${input.version} (jsonata.js sha256 ${sha256}) made synchronous by
 * src/scheme/mapping/render-sync-jsonata.ts: async/await removed, the guardrails read from the
 * \`${GUARD_BINDING}\` binding, every step's result and every range size checked by the \`${LIMITS_BINDING}\` binding, the
 * per-step hook lookups dropped. Loaded by sync-jsonata.ts.
 *
 * JSONata, https://github.com/jsonata-js/jsonata, © Copyright IBM Corp. 2016, 2018 (notices kept below),
 * under its LICENSE:
 *
${license}
 */
`;
}

/** The browserify bundle expects CommonJS `module`/`exports`; hand it a local pair and export the result. */
function esModule(body: string, version: string, sha256: string): string {
  return `export const jsonataVersion = ${JSON.stringify(version)};
export const sourceSha256 = ${JSON.stringify(sha256)};
const module = { exports: {} };
(function (module, exports) {
${body.endsWith('\n') ? body : `${body}\n`}})(module, module.exports);
export default module.exports;
`;
}

function declarations(): string {
  return `// Generated, do not edit: run \`${REGENERATE_COMMAND}\`. Types for jsonata-sync.generated.js; sync-jsonata.ts gives the factory its real type.
export declare const jsonataVersion: string;
export declare const sourceSha256: string;
declare const jsonataSync: (text: string) => unknown;
export default jsonataSync;
`;
}
