// `flotilla version` and `flotilla info`: the engine as docker shows itself.
import type { Command } from 'commander';

export function declareSystemCommands(program: Command): void {
  const load = () => import('../commands/version-info.js');
  program
    .command('version')
    .description('Show the version of Flotilla and its engine')
    .option('-f, --format <format>', 'json or a Go template (.Client.Version, .Server.KernelVersion …)')
    .action(async (options) => (await load()).runVersion(options));
  program
    .command('info')
    .description('Show the engine\'s drivers, kernel, counts of containers and images, and state root')
    .option('-f, --format <format>', 'json or a Go template (.Driver, .CgroupVersion, .DockerRootDir …)')
    .action(async (options) => (await load()).runInfo(options));
}
