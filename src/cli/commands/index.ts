import type { Command } from 'commander';
import * as validate from './validate.command.js';
import * as schemeTest from './test.command.js';
import * as sim from './sim.command.js';
import * as demo from './demo.command.js';
import * as runCommand from './run.command.js';
import * as startCommand from './start.command.js';
import * as statusCommand from './status.command.js';
import * as recordsCommand from './records.command.js';
import * as retryCommand from './retry.command.js';
import * as cursorCommand from './cursor.command.js';
import * as previewCommand from './preview.command.js';
import * as auditCommand from './audit.command.js';
import * as loginCommand from './login.command.js';

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
  runCommand.register(program);
  startCommand.register(program);
  statusCommand.register(program);
  recordsCommand.register(program);
  retryCommand.register(program);
  cursorCommand.register(program);
  previewCommand.register(program);
  auditCommand.register(program);
  loginCommand.register(program);
}
