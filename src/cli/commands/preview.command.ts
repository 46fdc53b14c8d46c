import type { Command } from 'commander';
import { diffJson } from '../../scheme/mapping/json-diff.js';
import type { PreviewItem } from '../../runtime/preview-scheme.js';
import { requireSchemeDefinition, withConfigOption, withEngine, type ConfigFlags } from '../cli-engine.js';
import { formatValue, intOption } from '../operator-format.js';
import { createProgress, emit } from '../output.js';

interface PreviewFlags extends ConfigFlags {
  limit?: string;
  json?: boolean;
}

/** One field change as a diff line: `+ path: value` (added), `- path: value` (removed), `~ path: before → after`. */
export function formatChange(change: { path: string; before: unknown; after: unknown }): string {
  const path = change.path || '(whole payload)';
  if (change.before === undefined) return `+ ${path}: ${formatValue(change.after)}`;
  if (change.after === undefined) return `- ${path}: ${formatValue(change.before)}`;
  return `~ ${path}: ${formatValue(change.before)} → ${formatValue(change.after)}`;
}

/** A preview item plus whether the target ever accepted a payload for its key. */
export interface PreviewEntry extends PreviewItem {
  pushedBefore: boolean;
}

function printEntry(item: PreviewEntry): void {
  const out: string[] = [];
  if (item.error) {
    out.push(`${item.key}  ERROR ${item.error.code} (${item.error.kind}): ${item.error.message}`);
  } else {
    const state = !item.pushedBefore
      ? 'new (never pushed)'
      : item.unchanged
        ? 'unchanged (nothing to write)'
        : `changed (${item.diff?.length ?? 0} field(s))`;
    out.push(`${item.key}  ${state}`);
    out.push('  payload:');
    out.push(
      ...JSON.stringify(item.payload, null, 2)
        .split('\n')
        .map((l) => `    ${l}`),
    );
    if (item.pushedBefore && !item.unchanged) {
      out.push('  changes against what was last pushed:');
      for (const change of item.diff ?? []) out.push(`    ${formatChange(change)}`);
    }
  }
  process.stdout.write(`${out.join('\n')}\n\n`);
}

/** `qiao preview <scheme> [--limit N]`: dry run of the next window; writes nothing. */
export function register(program: Command): void {
  withConfigOption(
    program
      .command('preview')
      .description(
        "Dry run: read the scheme's next window, map each document and show the payload and its field-level diff against what was last pushed; writes nothing (not the ledger, not the cursor, not the target)",
      )
      .argument('<scheme>', 'scheme id')
      .option('--limit <n>', 'documents to preview (1–1000)', '10')
      .option('--json', 'print { items } as one JSON line'),
  )
    .addHelpText(
      'after',
      `
Examples:
  qiao preview kingdee-sales-orders-to-okki
  qiao preview kingdee-sales-orders-to-okki --limit 3 --json

Diff lines: "+ path: value" added, "- path: value" removed, "~ path: before → after" changed.`,
    )
    .action(async (id: string, flags: PreviewFlags) => {
      const limit = intOption('limit', flags.limit, { min: 1, max: 1000 }) ?? 10;
      const items = await withEngine(flags, async (engine) => {
        await requireSchemeDefinition(engine, id);
        const progress = createProgress(flags);
        progress.update(`${id}: reading and mapping up to ${limit} document(s)…`);
        try {
          const preview = await engine.preview(id, { limit });
          const entries: PreviewEntry[] = [];
          for (const item of preview) {
            const record = await engine.ledger.getRecord(id, item.key);
            // Diff against exactly what the target accepted last (pushedPayload), also while a newer payload is pending.
            const diff =
              record?.pushedPayload != null && item.payload !== undefined
                ? diffJson(record.pushedPayload, item.payload)
                : item.diff;
            entries.push({ ...item, diff, pushedBefore: Boolean(record?.pushedHash) });
          }
          return entries;
        } finally {
          progress.done();
        }
      });
      emit({ items }, flags, () => {
        if (items.length === 0)
          process.stdout.write(`Nothing to preview: the source has no documents in ${id}'s next window.\n`);
        for (const item of items) printEntry(item);
        if (items.length) {
          const errors = items.filter((i) => i.error).length;
          const changed = items.filter((i) => !i.error && i.pushedBefore && !i.unchanged).length;
          const fresh = items.filter((i) => !i.error && !i.pushedBefore).length;
          process.stdout.write(
            `${items.length} document(s): ${fresh} new, ${changed} changed, ${items.length - errors - fresh - changed} unchanged, ${errors} with errors (nothing was written)\n`,
          );
        }
      });
    });
}
