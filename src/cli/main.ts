import { Command } from 'commander';
import { registerCommands } from './commands/index.js';
import { reportCliError } from './cli-error.js';

const program = new Command()
  .name('qiao')
  .description('qiao (桥): sync Kingdee K/3Cloud (金蝶云星空) and Xiaoman OKKI CRM (小满) with declarative schemes')
  .version('0.1.0')
  .showHelpAfterError();

registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  process.exitCode = reportCliError(error, process.argv.includes('--json'));
}
