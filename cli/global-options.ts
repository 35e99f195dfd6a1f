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
export function addGlobalOptions(program: Command, options: { file?: boolean; projectName?: boolean } = {}): Command {
  // `rm -f` means --force, as in docker compose: there the files come before the verb only.
  if (options.file !== false) program.option('-f, --file <path>', 'compose configuration file (repeatable; - reads stdin)', collect, []);
  // Likewise `run -p` publishes a port: the project name keeps its long form there.
  program.option(options.projectName === false ? '--project-name <name>' : '-p, --project-name <name>', 'project name');
  return program
    .option('--project-directory <path>', 'alternate working directory (default: the first compose file\'s folder)')
    .option('--env-file <path>', 'alternate environment file (repeatable)', collect, [])
    .option('--profile <name>', 'enable a profile (repeatable)', collect, [])
    .option('--debug', 'show stack traces and causes of errors');
}

/** The compose options given before and after the command name (and before `compose`), together. */
export function composeOptions(command: Command): GlobalOptions {
  const chain: Partial<GlobalOptions>[] = [];
  for (let c: Command | null = command; c; c = c.parent) chain.unshift(c.opts() as Partial<GlobalOptions>);
  const list = (key: 'file' | 'envFile' | 'profile') => chain.flatMap((o) => o[key] ?? []);
  // The one nearest the command wins.
  const last = <K extends 'projectName' | 'projectDirectory'>(key: K) => chain.map((o) => o[key]).filter((v) => v !== undefined).pop();
  const projectName = last('projectName');
  const projectDirectory = last('projectDirectory');
  return {
    file: list('file'),
    envFile: list('envFile'),
    profile: list('profile'),
    ...(projectName !== undefined && { projectName }),
    ...(projectDirectory !== undefined && { projectDirectory }),
    debug: chain.some((o) => o.debug === true),
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
