import type { Command } from 'commander';
import { formatIssue, loadSchemeFile } from '../../scheme/load-scheme.js';
import { runSchemeTests, type SchemeTestResult } from '../../scheme/golden-tests.js';
import { emit } from '../output.js';

interface TestFlags {
  json?: boolean;
}

function show(value: unknown): string {
  return value === undefined ? '(absent)' : JSON.stringify(value);
}

function printResult(result: SchemeTestResult): void {
  process.stdout.write(`${result.ok ? 'PASS' : 'FAIL'} ${result.name}\n`);
  for (const problem of result.problems) process.stdout.write(`  ${problem}\n`);
  for (const diff of result.diffs) {
    process.stdout.write(`  payload ${diff.index + 1}${diff.key ? ` (document ${diff.key})` : ''}:\n`);
    for (const d of diff.differences)
      process.stdout.write(`    ${d.path || '(whole payload)'}: expected ${show(d.before)}, got ${show(d.after)}\n`);
  }
}

/** `qiao test <scheme> [--json]`: runs the scheme's golden tests offline; exit 1 on any failure. */
export function register(program: Command): void {
  program
    .command('test')
    .description(
      "Run a scheme's golden tests: fixture rows → grouping → filters → mapping (canned lookups) → compare payloads",
    )
    .argument('<scheme>', 'scheme YAML file')
    .option('--json', 'print the report as JSON')
    .action(async (file: string, flags: TestFlags) => {
      const loaded = await loadSchemeFile(file);
      if (!loaded.ok) {
        emit({ scheme: file, ok: false, issues: loaded.issues, tests: [] }, flags, () => {
          for (const issue of loaded.issues) process.stdout.write(`${formatIssue(issue)}\n`);
        });
        process.exitCode = 1;
        return;
      }
      const report = await runSchemeTests(loaded.scheme, file);
      emit(report, flags, () => {
        for (const result of report.tests) printResult(result);
        const failed = report.tests.filter((t) => !t.ok).length;
        process.stdout.write(
          `${report.tests.length} test(s), ${failed} failed${report.tests.length === 0 ? ' (the scheme has no tests)' : ''}\n`,
        );
      });
      if (!report.ok || report.tests.length === 0) process.exitCode = 1;
    });
}
