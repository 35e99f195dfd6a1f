// The `system` commands with docker's names and flags (reset is podman's);
// each action imports its implementation when it runs.
import type { Command } from 'commander';

export function declareSystemRootCommands(program: Command): void {
  const system = program.command('system').description('Manage the state root as a whole');
  const load = () => import('../commands/system.js');
  system
    .command('df')
    .description('Show the disk space images, containers and volumes take')
    .option('--format <format>', 'table, json, \'table TEMPLATE\' or a Go template per row')
    .action(async (options) => (await load()).runSystemDf(options));
  system
    .command('prune')
    .description('Remove stopped containers, unused networks and dangling images (and with --volumes, unused anonymous volumes)')
    .option('-a, --all', 'every unused image, not only dangling ones')
    .option('--volumes', 'prune anonymous volumes too')
    .option('-f, --force', 'do not ask for confirmation')
    .action(async (options) => (await load()).runSystemPrune(options));
  system
    .command('reset')
    .description('Remove everything of the state root: containers, networks, volumes, images, and what the host holds for them')
    .option('-f, --force', 'do not ask for confirmation')
    .action(async (options) => (await load()).runSystemReset(options));
}
