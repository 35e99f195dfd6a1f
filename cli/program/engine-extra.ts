// Engine commands docker has beside the basic lifecycle: container attach,
// container diff, image history.
import type { Command } from 'commander';

export function declareEngineExtraCommands(program: Command): void {
  const load = () => import('../commands/engine-extra.js');
  const container = program.commands.find((c) => c.name() === 'container')!;
  const image = program.commands.find((c) => c.name() === 'image')!;
  container
    .command('attach')
    .description('Follow a running container\'s output until it ends, and exit with its code')
    .argument('<container>')
    .action(async (name: string) => (await load()).runAttach(name));
  container
    .command('diff')
    .description('List what a container added (A), changed (C) and deleted (D) in its root')
    .argument('<container>')
    .action(async (name: string) => (await load()).runDiff(name));
  image
    .command('history')
    .description('Show the steps an image was made by')
    .argument('<image>')
    .option('--format <format>', 'table, json, \'table TEMPLATE\' or a Go template per row')
    .option('-H, --human [bool]', 'sizes and dates for people (default true)')
    .option('--no-trunc', 'do not truncate output')
    .option('-q, --quiet', 'only image IDs')
    .action(async (name: string, options) => (await load()).runHistory(name, { ...options, human: options.human !== 'false' }));
}
