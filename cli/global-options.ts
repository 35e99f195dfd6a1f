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

export function addGlobalOptions(program: Command): Command {
  return program
    .option('-f, --file <path>', 'compose configuration file (repeatable; - reads stdin)', collect, [])
    .option('-p, --project-name <name>', 'project name')
    .option('--project-directory <path>', 'alternate working directory (default: the first compose file\'s folder)')
    .option('--env-file <path>', 'alternate environment file (repeatable)', collect, [])
    .option('--profile <name>', 'enable a profile (repeatable)', collect, [])
    .option('--debug', 'show stack traces and causes of errors');
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
