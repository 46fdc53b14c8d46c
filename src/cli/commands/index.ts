import type { Command } from 'commander';

/**
 * The explicit list of CLI commands. Each command lives in its own file and exports
 * `register(program)`; add one import and one line below per command.
 */
export function registerCommands(program: Command): void {
  void program;
}
