#!/usr/bin/env -S node --
// (`node --` keeps Node 20 from taking our --env-file flag as its own option.)
// The flotilla command. Only commander loads up front; each command's module
// is imported when that command runs, so start-up stays small.
import { Command, CommanderError } from 'commander';
import { addGlobalOptions, composeOptions } from './global-options.js';
import { exitCodeFor, ExitCode, formatError } from './exit-codes.js';

const program = addGlobalOptions(new Command('flotilla'))
  .description('Run compose projects with an embedded container engine')
  .version('0.1.0')
  .showHelpAfterError('(run with --help for usage)')
  .enablePositionalOptions()
  .exitOverride();

addGlobalOptions(program.command('config'))
  .description('Parse, resolve and render the compose project in canonical form')
  .argument('[services...]', 'only these services')
  .option('--format <format>', 'output format: yaml or json', 'yaml')
  .option('-q, --quiet', 'only validate, print nothing')
  .option('--services', 'print the service names, one per line')
  .option('--volumes', 'print the volume names, one per line')
  .option('--networks', 'print the network names, one per line')
  .option('--images', 'print the image names, one per line')
  .option('--profiles', 'print the profile names, one per line')
  .option('--hash <services>', 'print the config hash of services ("*" for all, comma-separated)')
  .option('--no-interpolate', 'do not interpolate environment variables')
  .option('--variables', 'print the variables the files use, with their defaults')
  .option('--environment', 'print the environment used for interpolation')
  .option('-o, --output <path>', 'write to a file instead of stdout')
  .action(async (services: string[], options, command: Command) => {
    const { runConfig } = await import('./commands/config.js');
    await runConfig(services, options, composeOptions(command));
  });

const image = program.command('image').description('Manage images');
image
  .command('load')
  .description('Load images from an OCI image-layout archive (a file or stdin)')
  .option('-i, --input <file>', 'read from a file instead of stdin')
  .option('-q, --quiet', 'print nothing')
  .action(async (options) => {
    const { runImageLoad } = await import('./commands/image.js');
    await runImageLoad(options);
  });
const listImages = async (options: { format?: string; quiet?: boolean }) => {
  const { runImageList } = await import('./commands/image.js');
  runImageList(options);
};
for (const list of [image.command('ls').alias('list'), program.command('images')]) {
  list
    .description('List images')
    .option('--format <format>', 'table or json')
    .option('-q, --quiet', 'only image IDs')
    .action(listImages);
}

image
  .command('save')
  .description('Save images to an OCI image-layout archive (a file or stdout)')
  .argument('<images...>', 'image names or IDs')
  .option('-o, --output <file>', 'write to a file instead of stdout')
  .action(async (images: string[], options: { output?: string }) => (await import('./commands/image.js')).runImageSave(images, options));
image
  .command('tag')
  .description('Give an image another name')
  .argument('<source>', 'image name or ID')
  .argument('<target>', 'new name')
  .action(async (source: string, target: string) => (await import('./commands/image.js')).runImageTag(source, target));
for (const rm of [image.command('rm').alias('remove'), program.command('rmi')]) {
  rm.description('Remove images')
    .argument('<images...>', 'image names or IDs')
    .option('-f, --force', 'remove an image ID with all its names')
    .action(async (images: string[], options: { force?: boolean }) => (await import('./commands/image.js')).runImageRemove(images, options));
}
image
  .command('inspect')
  .description('Show details of images as JSON')
  .argument('<images...>', 'image names or IDs')
  .action(async (images: string[]) => (await import('./commands/image.js')).runImageInspect(images));
image
  .command('prune')
  .description('Delete stored content no image uses')
  .option('-f, --force', 'do not ask (Flotilla never asks)')
  .action(async () => (await import('./commands/image.js')).runImagePrune());

function isDebug(): boolean {
  return process.env['FLOTILLA_DEBUG'] === '1' || process.argv.includes('--debug');
}

async function main(): Promise<void> {
  try {
    await program.parseAsync(process.argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version end here too, with their own exit code (0).
      process.exitCode = err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
      return;
    }
    process.stderr.write(`${formatError(err)}\n`);
    if (isDebug() && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n${err.cause ? `cause: ${String(err.cause)}\n` : ''}`);
    process.exitCode = exitCodeFor(err);
  }
}

process.on('SIGINT', () => process.exit(ExitCode.Interrupted));
await main();
