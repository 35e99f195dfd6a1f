// `image build` (and docker's short form `build` outside a compose
// project is not offered: `flotilla build` is the compose verb, as under
// `docker compose build`). Flags only; actions import their code when run.
import type { Command } from 'commander';
import { addGlobalOptions, composeOptions } from '../global-options.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export function declareImageBuildCommand(image: Command): void {
  image
    .command('build')
    .description('Build an image from a Dockerfile')
    .argument('<context>', 'the build context: a folder')
    .option('-t, --tag <name>', 'name the image (repeatable)', collect, [])
    .option('-f, --file <path>', 'the Dockerfile (default: CONTEXT/Dockerfile)')
    .option('--build-arg <key=value>', 'set a build argument (repeatable)', collect, [])
    .option('--label <key=value>', 'add a label to the image (repeatable)', collect, [])
    .option('--target <stage>', 'build up to this stage')
    .option('--no-cache', 'run every step again')
    .option('-q, --quiet', 'print only the image ID')
    .action(async (context: string, options) => (await import('../commands/image-build.js')).runImageBuild(context, options));
}

export function declareComposeBuildCommand(parent: Command): void {
  addGlobalOptions(parent.command('build'))
    .description('Build the images of services that have a build section')
    .argument('[services...]', 'only these services')
    .option('--build-arg <key=value>', 'set a build argument for every service (repeatable)', collect, [])
    .option('--no-cache', 'run every step again')
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (services: string[], options, command: Command) => {
      const { runComposeBuild } = await import('../commands/compose-build.js');
      await runComposeBuild(services, options, composeOptions(command));
    });
}
