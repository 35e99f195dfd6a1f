// The whole command tree and the one function that runs it on a command
// line. Only commander loads up front; each command's module is imported
// when that command runs. Two entry points share it: cli/main.ts (a plain
// module start) and cli/snapshot.ts (the CLI restored from a V8 start-up
// snapshot, where this tree is built before the snapshot is taken).
import { Command, CommanderError } from 'commander';
import { addGlobalOptions, composeOptions } from '../global-options.js';
import { exitCodeFor, ExitCode, formatError } from '../exit-codes.js';
import { declareContainerCommands } from './container.js';
import { declareImageCommands } from './image.js';
import { declareVolumeCommands } from './volume.js';
import { declareNetworkCommands } from './network.js';
import { declareComposeCommands } from './compose.js';
import { addDisplayOptions, inheritDisplayOptions } from '../display-options.js';
import { declareSystemCommands } from './system.js';
import { declareEngineExtraCommands } from './engine-extra.js';
import { declareComposeBuildCommand } from './build.js';
import { declareSystemRootCommands } from './system-root.js';
import { declareRegistryCommands } from './registry.js';

export function buildProgram(): Command {
  const program = addGlobalOptions(new Command('flotilla'))
    .description('Run compose projects with an embedded container engine')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .enablePositionalOptions()
    .exitOverride();
  addDisplayOptions(program).hook('preAction', inheritDisplayOptions);

  declareConfigCommand(program);
  declareImageCommands(program);
  declareContainerCommands(program);
  declareVolumeCommands(program);
  declareNetworkCommands(program);
  declareSystemCommands(program);
  declareSystemRootCommands(program);
  declareEngineExtraCommands(program);
  declareComposeCommands(program);
  declareComposeBuildCommand(program);
  // `flotilla compose up`, as `docker compose up` (config there too).
  const compose = addDisplayOptions(addGlobalOptions(program.command('compose'))).description('The compose verbs, as under docker compose').enablePositionalOptions();
  declareConfigCommand(compose);
  declareComposeCommands(compose);
  declareComposeBuildCommand(compose);
  declareRegistryCommands(program, compose);
  return program;
}

function declareConfigCommand(parent: Command): void {
  addGlobalOptions(parent.command('config'))
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
      const { runConfig } = await import('../commands/config.js');
      await runConfig(services, options, composeOptions(command));
    });
}

/** Runs one command line (`argv` as in process.argv: node, script, arguments) and sets the exit code. */
export async function runProgram(program: Command, argv: readonly string[]): Promise<void> {
  process.on('SIGINT', () => process.exit(ExitCode.Interrupted));
  try {
    await program.parseAsync(argv as string[]);
  } catch (err) {
    if (err instanceof CommanderError) {
      // Help and version end here too, with their own exit code (0).
      process.exitCode = err.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
      return;
    }
    process.stderr.write(`${formatError(err)}\n`);
    if (isDebug(argv) && err instanceof Error) process.stderr.write(`${err.stack ?? ''}\n${err.cause ? `cause: ${String(err.cause)}\n` : ''}`);
    process.exitCode = exitCodeFor(err);
  }
}

/**
 * Ends the process once the command is done and its output is written, with
 * the exit code it set, rather than tearing the whole heap down first (a few
 * milliseconds of every command). Writes to a pipe that is full wait in the
 * stream: the empty writes call back only after them.
 */
export function endProcess(): void {
  let pending = 2;
  const done = () => {
    pending -= 1;
    if (pending === 0) process.exit();
  };
  process.stdout.write('', done);
  process.stderr.write('', done);
}

function isDebug(argv: readonly string[]): boolean {
  return process.env['FLOTILLA_DEBUG'] === '1' || argv.includes('--debug');
}
