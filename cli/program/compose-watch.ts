// `flotilla watch`: the live-reload verb, at the top level and under `compose`.
import type { Command } from 'commander';
import { addGlobalOptions, composeOptions } from '../global-options.js';

export function declareWatchCommands(parent: Command): void {
  addGlobalOptions(parent.command('watch'))
    .description('Keep the running project equal to its files: reload on compose and env file changes, apply develop.watch rules')
    .argument('[services...]', 'only these services (and what they depend on)')
    .option('--no-up', 'do not bring the project up first: watch what runs')
    .option('--prune', 'prune dangling images after a rebuild (accepted; images are not built yet)', true)
    .option('--quiet', 'hide the progress of each apply')
    .option('--progress <mode>', 'progress output: auto, tty, plain, json or quiet')
    .action(async (services: string[], options, command: Command) => {
      const { runWatch } = await import('../commands/compose-watch.js');
      await runWatch(services, options, composeOptions(command));
    });
}
