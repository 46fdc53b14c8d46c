/**
 * The hostile-input corpus (issue 11): malformed or malicious inputs, each with the clear error it
 * must get. A case fails when its input is accepted silently, when no error says what the case
 * expects, when an error lacks its position (for file inputs), or when the answer takes longer
 * than the budget. One shape for every corpus file in this folder.
 */
import { describe, expect, it } from 'vitest';

export interface HostileCase<I> {
  /** What is wrong with the input, as a reader would say it. */
  name: string;
  input: I;
  /** A fragment of the message (or a pattern) one of the errors must contain. */
  expect: string | RegExp;
  /** The error's machine code, when the entry point gives one. */
  code?: string;
  /** The path the error must name, e.g. "source.api". */
  path?: string;
  /** Accepted, but only with this warning (never silently). */
  warning?: boolean;
}

/** One problem as an entry point reports it. */
export interface Finding {
  message: string;
  code?: string;
  path?: string;
  line?: number;
  column?: number;
}

/** What one entry point (CLI, engine loader, API…) made of the input. */
export interface Verdict {
  /** Which entry point, for failure messages. */
  via: string;
  accepted: boolean;
  errors: Finding[];
  warnings?: Finding[];
}

export interface CorpusOptions {
  /** Each case must be answered within this (milliseconds). */
  budgetMs?: number;
  /** Every error must carry line and column (file inputs). */
  located?: boolean;
}

/** Describes one vitest case per corpus entry; `attempt` feeds the input to every entry point it covers. */
export function hostileCorpus<I>(
  title: string,
  cases: ReadonlyArray<HostileCase<I>>,
  attempt: (input: I) => Promise<Verdict[]>,
  options: CorpusOptions = {},
): void {
  // Generous: the machine may be busy; a hang or a quadratic blow-up takes far longer.
  const budgetMs = options.budgetMs ?? 5_000;
  describe(title, () => {
    it('has no two cases with the same name', () => {
      const names = cases.map((c) => c.name);
      expect(names.length).toBe(new Set(names).size);
    });
    for (const c of cases) {
      it(
        c.name,
        async () => {
          const started = performance.now();
          const verdicts = await attempt(c.input);
          const elapsed = performance.now() - started;
          expect(verdicts.length, 'at least one entry point was tried').toBeGreaterThan(0);
          expect(elapsed, `answered within ${budgetMs} ms`).toBeLessThan(budgetMs);
          for (const v of verdicts) {
            const findings = c.warning ? (v.warnings ?? []) : v.errors;
            const shown = JSON.stringify(findings.map((f) => `${f.path ?? ''}: ${f.message}`));
            if (c.warning) expect(v.accepted, `${v.via}: accepted with a warning`).toBe(true);
            else expect(v.accepted, `${v.via}: refused, not accepted silently`).toBe(false);
            const hit = findings.find(
              (f) =>
                (typeof c.expect === 'string' ? f.message.includes(c.expect) : c.expect.test(f.message)) &&
                (c.code === undefined || f.code === c.code) &&
                (c.path === undefined || f.path === c.path),
            );
            expect(
              hit,
              `${v.via}: an error matching ${String(c.expect)}${c.path ? ` at ${c.path}` : ''}; got ${shown}`,
            ).toBeDefined();
            if (options.located)
              for (const f of findings) {
                expect(f.line, `${v.via}: line of "${f.message}"`).toBeGreaterThanOrEqual(1);
                expect(f.column, `${v.via}: column of "${f.message}"`).toBeGreaterThanOrEqual(1);
              }
          }
        },
        budgetMs * 5,
      );
    }
  });
}
