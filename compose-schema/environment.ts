// The environment a project is interpolated against: .env / --env-file
// values with the shell on top, as docker compose builds it.
import { isAbsolute, resolve } from 'node:path';
import { ComposeError, ComposeErrorCode } from '../errors.js';
import { parseDotenv } from './dotenv.js';
import type { Lookup } from './tree.js';

export type ShellEnvironment = Readonly<Record<string, string | undefined>>;

export interface EnvironmentInput {
  readonly shell: ShellEnvironment;
  /** `--env-file` values; relative ones resolve against `workingDir`. */
  readonly envFiles: readonly string[];
  readonly workingDir: string;
  /** Where the default `.env` is looked for. */
  readonly defaultDir: string;
  /** Reads a file's text; undefined when it does not exist or is not a file. */
  readonly readText: (path: string) => string | undefined;
}

export interface ProjectEnvironment {
  /** Values from env files only, later files winning. */
  readonly fromFiles: ReadonlyMap<string, string>;
  readonly shell: ShellEnvironment;
  /** The env files that were read, absolute. */
  readonly files: readonly string[];
}

/** Builds the environment from the env files the options and COMPOSE_* variables name. */
export function buildEnvironment(input: EnvironmentInput): ProjectEnvironment {
  const { files, required } = envFilesToRead(input);
  const fromFiles = new Map<string, string>();
  const read: string[] = [];
  for (const file of files) {
    const text = input.readText(file);
    if (text === undefined) {
      if (required) throw new ComposeError(ComposeErrorCode.FileNotFound, `env file not found: ${file}`);
      continue;
    }
    // A value may refer to the shell or to an earlier file's variables.
    const lookup: Lookup = (name) => input.shell[name] ?? fromFiles.get(name);
    for (const [key, value] of parseDotenv(text, { file, lookup })) fromFiles.set(key, value);
    read.push(file);
  }
  return { fromFiles, shell: input.shell, files: read };
}

function envFilesToRead(input: EnvironmentInput): { files: string[]; required: boolean } {
  const absolute = (f: string) => (isAbsolute(f) ? f : resolve(input.workingDir, f));
  if (input.envFiles.length > 0) return { files: input.envFiles.map(absolute), required: true };
  const listed = (input.shell['COMPOSE_ENV_FILES'] ?? '').split(',').filter((f) => f.trim() !== '');
  if (listed.length > 0) return { files: listed.map((f) => absolute(f.trim())), required: true };
  if (isTruthy(input.shell['COMPOSE_DISABLE_ENV_FILE'])) return { files: [], required: false };
  return { files: [resolve(input.defaultDir, '.env')], required: false };
}

/** Looks a name up with the shell winning over env files, as docker compose does. */
export function environmentLookup(env: ProjectEnvironment, extra: ReadonlyMap<string, string> = new Map()): Lookup {
  return (name) => env.shell[name] ?? extra.get(name) ?? env.fromFiles.get(name);
}

/** Every variable visible to interpolation, sorted by name (for `config --environment`). */
export function environmentEntries(env: ProjectEnvironment, extra: ReadonlyMap<string, string> = new Map()): [string, string][] {
  const merged = new Map<string, string>([...env.fromFiles, ...extra]);
  for (const [key, value] of Object.entries(env.shell)) if (value !== undefined) merged.set(key, value);
  return [...merged].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** COMPOSE_* switches accept what Go's strconv.ParseBool accepts as true. */
export function isTruthy(value: string | undefined): boolean {
  return value !== undefined && ['1', 't', 'true'].includes(value.trim().toLowerCase());
}
