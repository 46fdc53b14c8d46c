import type { Command } from 'commander';
import { ConfigError } from '../../core/errors.js';
import type { CursorSpec } from '../../scheme/scheme-source.schema.js';
import { formatTimestamp, parseTimestamp } from '../../scheme/timestamp.js';
import { requireSchemeDefinition, withConfigOption, withEngine, type ConfigFlags } from '../cli-engine.js';
import { formatTime } from '../operator-format.js';
import { emit } from '../output.js';

interface CursorFlags extends ConfigFlags {
  set?: string;
  clear?: boolean;
  json?: boolean;
}

/**
 * The cursor value to store for an operator's TIME: validated with the scheme's timezone and
 * rewritten in the scheme's cursor format (what runs store), unless that format cannot be read back.
 * Throws ConfigError (exit 2) with an example when TIME is not a time.
 */
export function cursorValueFor(text: string, spec: Pick<CursorSpec, 'format' | 'timezone'>, schemeId: string): string {
  const parsed = parseTimestamp(text, spec.timezone);
  if (!parsed) {
    const example = formatTimestamp(parseTimestamp('2026-11-01T00:00:00', spec.timezone)!, spec.format, spec.timezone);
    throw new ConfigError(
      `--set "${text}" is not a time: use the scheme's wall-clock format ${spec.format} (timezone ${spec.timezone}), e.g. qiao cursor ${schemeId} --set ${example}`,
      {
        code: 'cli.invalid_cursor',
        details: { value: text, format: spec.format, timezone: spec.timezone },
      },
    );
  }
  const formatted = formatTimestamp(parsed, spec.format, spec.timezone);
  return parseTimestamp(formatted, spec.timezone)?.getTime() === parsed.getTime() ? formatted : text.trim();
}

/** `qiao cursor <scheme> [--set TIME | --clear]`. */
export function register(program: Command): void {
  withConfigOption(
    program
      .command('cursor')
      .description("Show or move a scheme's cursor (where its next incremental read starts, minus the overlap)")
      .argument('<scheme>', 'scheme id')
      .option(
        '--set <time>',
        "move the cursor to this source wall-clock time, in the scheme's format, e.g. 2026-11-01T00:00:00",
      )
      .option('--clear', "forget the cursor: the next run starts again at the scheme's cursor.start")
      .option('--json', 'print { schemeId, value, updatedAt, previous?, start, format, timezone } as one JSON line'),
  )
    .addHelpText(
      'after',
      `
Examples:
  qiao cursor kingdee-sales-orders-to-okki
  qiao cursor kingdee-sales-orders-to-okki --set 2026-11-01T00:00:00   # re-sync from 1 November
  qiao cursor kingdee-sales-orders-to-okki --clear

Moving the cursor back re-reads that period; unchanged documents are recognised and not written again.`,
    )
    .action(async (id: string, flags: CursorFlags) => {
      if (flags.set !== undefined && flags.clear)
        throw new ConfigError('--set and --clear exclude each other: pick one', { code: 'cli.invalid_option' });
      const result = await withEngine(flags, async (engine) => {
        const scheme = await requireSchemeDefinition(engine, id);
        const spec = scheme.source.cursor;
        const before = await engine.ledger.getCursor(id);
        const info = { start: spec?.start ?? null, format: spec?.format ?? null, timezone: spec?.timezone ?? null };
        if (flags.set === undefined && !flags.clear) {
          return { schemeId: id, value: before?.value ?? null, updatedAt: before?.updatedAt ?? null, ...info };
        }
        if (!spec) {
          throw new ConfigError(
            `Scheme ${id} has no source.cursor: every run reads the whole source, so there is no cursor to move`,
            { code: 'cli.no_cursor' },
          );
        }
        if (engine.isRunning(id))
          throw new ConfigError(`Scheme ${id} is running; move the cursor after the run`, {
            code: 'cli.scheme_running',
          });
        const value = flags.clear ? null : cursorValueFor(flags.set!, spec, id);
        await engine.ledger.setCursor(id, value);
        const after = await engine.ledger.getCursor(id);
        return {
          schemeId: id,
          value: after?.value ?? null,
          updatedAt: after?.updatedAt ?? null,
          previous: before?.value ?? null,
          ...info,
        };
      });
      emit(result, flags, () => {
        const shown = result.value ?? `(not set: the next run starts at ${result.start ?? 'the beginning'})`;
        if ('previous' in result)
          process.stdout.write(`${id}: cursor moved ${result.previous ?? '(not set)'} → ${shown}\n`);
        else
          process.stdout.write(
            `${id}: cursor ${shown}${result.updatedAt ? ` (updated ${formatTime(result.updatedAt)})` : ''}\n`,
          );
        if (result.format)
          process.stdout.write(`  format ${result.format}, timezone ${result.timezone}, start ${result.start}\n`);
      });
    });
}
