#!/usr/bin/env -S node --
// (`node --` keeps Node 20 from taking our --env-file flag as its own option.)
// The flotilla command. Only commander loads up front; each command's module
// is imported when that command runs, so start-up stays small.
import { Command, CommanderError } from 'commander';
import { addGlobalOptions, composeOptions } from './global-options.js';
import { exitCodeFor, ExitCode, formatError } from './exit-codes.js';
import { declareContainerCommands } from './program/container.js';
import { declareImageCommands } from './program/image.js';
import { declareVolumeCommands } from './program/volume.js';
import { declareNetworkCommands } from './program/network.js';

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

declareImageCommands(program);
declareContainerCommands(program);
declareVolumeCommands(program);
declareNetworkCommands(program);

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
