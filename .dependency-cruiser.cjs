/**
 * The layer rules of qiao (docs/architecture.md): arrows only run down.
 *   core ← scheme ← connectors/<vendor>, ledger ← runtime ← app ← api, cli;   web → src/api/contract.ts only.
 * Run by `npm test` (npm run lint:layers); a violation fails the build.
 */
const layers = ['core', 'scheme', 'connectors', 'ledger', 'runtime', 'app', 'api', 'cli'];
/** What each layer must not import (everything above it, and its siblings where they are peers). */
const above = {
  core: ['scheme', 'connectors', 'ledger', 'runtime', 'app', 'api', 'cli', 'testing'],
  scheme: ['connectors', 'ledger', 'runtime', 'app', 'api', 'cli', 'testing'],
  connectors: ['ledger', 'runtime', 'app', 'api', 'cli', 'testing'],
  ledger: ['connectors', 'runtime', 'app', 'api', 'cli', 'testing'],
  runtime: ['app', 'api', 'cli', 'testing'],
  app: ['api', 'cli', 'testing'],
  api: ['cli', 'testing'],
  cli: ['testing'],
};
const testFile = '\\.(test|contract[^/]*|conformance|fixture|bench|test-helpers)\\.ts$|/sim-test-kit\\.ts$';

module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', comment: 'Import circles hide which module is the ground; open them.', from: {}, to: { circular: true } },
    ...layers.map((layer) => ({
      name: `layer-${layer}`,
      severity: 'error',
      comment: `src/${layer} may import only the layers below it (see docs/architecture.md).`,
      from: { path: `^src/${layer}/`, pathNot: testFile },
      to: { path: `^src/(${above[layer].join('|')})/` },
    })),
    {
      name: 'tests-stay-in-their-layer',
      severity: 'error',
      comment: 'A test may use src/testing and simulators, but not the layers above its own.',
      from: { path: '^src/(core|scheme|connectors|ledger)/.*\\.test\\.ts$' },
      to: { path: '^src/(runtime|app|api|cli)/' },
    },
    {
      name: 'vendors-are-separate',
      severity: 'error',
      comment: 'One vendor folder never imports another vendor folder.',
      from: { path: '^src/connectors/(kingdee|okki)/' },
      to: { path: '^src/connectors/(kingdee|okki)/', pathNot: '^src/connectors/$1/' },
    },
    {
      name: 'simulator-is-not-the-client',
      severity: 'error',
      comment: 'A simulator speaks the vendor protocol from its own reading of it; it never imports its own client (or any connector code).',
      from: { path: '^src/connectors/([^/]+)/simulator/' },
      to: { path: '^src/connectors/', pathNot: ['^src/connectors/[^/]+/simulator/', '^src/connectors/simulator-kit/'] },
    },
    {
      name: 'simulators-only-for-demo-and-tests',
      severity: 'error',
      comment: 'Production code reaches a simulator only through the demo and `qiao sim`.',
      from: { path: '^src/', pathNot: [testFile, '^src/connectors/[^/]+/simulator/', '^src/connectors/simulator-kit/', '^src/app/demo\\.ts$', '^src/cli/commands/sim[^/]*\\.ts$', '^src/testing/'] },
      to: { path: '^src/connectors/([^/]+/simulator|simulator-kit)/' },
    },
    {
      name: 'testing-is-not-production',
      severity: 'error',
      comment: 'src/testing is test support; production code never imports it.',
      from: { path: '^src/', pathNot: [testFile, '^src/testing/'] },
      to: { path: '^src/testing/' },
    },
    {
      name: 'web-imports-only-the-contract',
      severity: 'error',
      comment: 'The console knows the server only through src/api/contract.ts.',
      from: { path: '^web/' },
      to: { path: '^src/', pathNot: '^src/api/contract\\.ts$' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|dist)/' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
