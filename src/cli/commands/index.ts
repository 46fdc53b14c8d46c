import type { Command } from 'commander';
import * as validate from './validate.command.js';
import * as schemeTest from './test.command.js';
import * as sim from './sim.command.js';
import * as demo from './demo.command.js';

/**
 * The explicit list of CLI commands. Each command lives in its own file and exports
 * `register(program)`; add one import and one line below per command.
 */
export function registerCommands(program: Command): void {
  void program;
  validate.register(program);
  schemeTest.register(program);
  sim.register(program);
  demo.register(program);
}
