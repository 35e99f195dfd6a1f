// The `volume` commands with docker's names and flags; each action imports
// its implementation when it runs.
import type { Command } from 'commander';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function declareVolumeCommands(program: Command): void {
  const volume = program.command('volume').description('Manage volumes');
  const load = () => import('../commands/volume.js');
  volume
    .command('create')
    .description('Create a volume (an existing one with the same labels and options is kept)')
    .argument('[name]', 'volume name (random when omitted)')
    .option('--name <name>', 'volume name, instead of the argument')
    .option('-d, --driver <driver>', 'volume driver (only local)', 'local')
    .option('-l, --label <key=value>', 'set a label (repeatable)', collect)
    .option('-o, --opt <key=value>', 'driver option: type, device, o (repeatable)', collect)
    .action(async (name: string | undefined, options) => (await load()).runVolumeCreate(name, options));
  volume
    .command('ls')
    .alias('list')
    .description('List volumes')
    .option('-q, --quiet', 'only volume names')
    .option('--format <format>', 'table, json, \'table TEMPLATE\' or a Go template per row')
    .option('-f, --filter <key=value>', 'filter: name, label, dangling, driver (repeatable)', collect)
    .action(async (options) => (await load()).runVolumeList(options));
  volume
    .command('inspect')
    .description('Show details of volumes as JSON')
    .argument('<volumes...>')
    .option('-f, --format <template>', 'a Go template per object (docker\'s --format), or json')
    .action(async (names: string[], options) => (await load()).runVolumeInspect(names, options));
  volume
    .command('rm')
    .alias('remove')
    .description('Remove volumes (never one a container uses)')
    .argument('<volumes...>')
    .option('-f, --force', 'do not fail on volumes that do not exist')
    .action(async (names: string[], options) => (await load()).runVolumeRemove(names, options));
  volume
    .command('prune')
    .description('Remove unused anonymous volumes (with --all, every unused volume)')
    .option('-a, --all', 'remove unused named volumes too')
    .option('-f, --force', 'do not ask (Flotilla never asks)')
    .action(async (options) => (await load()).runVolumePrune(options));
}
