// Options every compose command shares, and how they become LoadOptions.
import type { Command } from 'commander';
import type { LoadOptions } from '../index.js';

export interface GlobalOptions {
  file: string[];
  projectName?: string;
  projectDirectory?: string;
  envFile: string[];
  profile: string[];
  debug?: boolean;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * Declared on the program (`flotilla -f x config`) and again on each compose
 * command (`flotilla config -f x`), as docker compose accepts both; other
 * commands keep their own meaning for `-f` (`image rm -f`).
 */
export function addGlobalOptions(program: Command): Command {
  return program
    .option('-f, --file <path>', 'compose configuration file (repeatable; - reads stdin)', collect, [])
    .option('-p, --project-name <name>', 'project name')
    .option('--project-directory <path>', 'alternate working directory (default: the first compose file\'s folder)')
    .option('--env-file <path>', 'alternate environment file (repeatable)', collect, [])
    .option('--profile <name>', 'enable a profile (repeatable)', collect, [])
    .option('--debug', 'show stack traces and causes of errors');
}

/** The compose options given before and after the command name, together. */
export function composeOptions(command: Command): GlobalOptions {
  const before = (command.parent?.opts() ?? {}) as Partial<GlobalOptions>;
  const after = command.opts() as Partial<GlobalOptions>;
  const list = (key: 'file' | 'envFile' | 'profile') => [...(before[key] ?? []), ...(after[key] ?? [])];
  const projectName = after.projectName ?? before.projectName;
  const projectDirectory = after.projectDirectory ?? before.projectDirectory;
  return {
    file: list('file'),
    envFile: list('envFile'),
    profile: list('profile'),
    ...(projectName !== undefined && { projectName }),
    ...(projectDirectory !== undefined && { projectDirectory }),
    debug: after.debug === true || before.debug === true,
  };
}

export function loadOptionsFrom(global: GlobalOptions, extra: Partial<LoadOptions> = {}): LoadOptions {
  return {
    files: global.file,
    ...(global.projectName !== undefined && { projectName: global.projectName }),
    ...(global.projectDirectory !== undefined && { projectDirectory: global.projectDirectory }),
    envFiles: global.envFile,
    profiles: global.profile,
    onWarning: (message) => process.stderr.write(`WARN ${message}\n`),
    ...extra,
  };
}
