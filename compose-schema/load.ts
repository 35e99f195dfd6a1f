// The loader pipeline, in order. The disk is reached only through the
// `LoaderIO` it is given (io.ts by default); every pass it calls is pure.
import { dirname, resolve } from 'node:path';
import { ComposeError, ComposeErrorCode } from '../errors.js';
import { discoverFiles, STDIN } from './discover.js';
import { buildEnvironment, environmentEntries, environmentLookup, type ProjectEnvironment, type ShellEnvironment } from './environment.js';
import { parseDotenv } from './dotenv.js';
import { composeFileLoader, type FileLoader, type SourceLayer } from './file-loader.js';
import { realIO, type LoaderIO } from './io.js';
import type { Project } from './model.js';
import { normalizeProject } from './normalize.js';
import { applyProfiles, listProfiles } from './profiles.js';
import { resolveProjectName } from './project-name.js';
import { checkProject } from './semantic.js';
import type { Locator, Lookup, TreeMap } from './tree.js';
import type { ComposeVariable } from './variables.js';

export type { ComposeVariable };

/** How to find and read a project: the options of `docker compose` itself. */
export interface LoadOptions {
  /** `-f`: compose files, in merge order; `-` reads stdin. Default: discovered from `workingDir` upward. */
  files?: readonly string[];
  /** `-p` */
  projectName?: string;
  /** `--project-directory` */
  projectDirectory?: string;
  /** `--env-file` (repeatable). */
  envFiles?: readonly string[];
  /** `--profile` (repeatable); COMPOSE_PROFILES when empty. */
  profiles?: readonly string[];
  /** Services named on the command line: enabled whatever their profiles. */
  services?: readonly string[];
  /** `--no-interpolate` sets this to false. */
  interpolate?: boolean;
  /** Fill `variables` in the result (`config --variables`). */
  collectVariables?: boolean;
  /** Default: process.cwd(). */
  workingDir?: string;
  /** Default: process.env. */
  environment?: ShellEnvironment;
  /** Non-fatal notes such as unset variables; default: dropped. */
  onWarning?: (message: string) => void;
  /** Replaces the file system, for embedding and tests. */
  io?: LoaderIO;
}

export interface LoadedProject {
  readonly project: Project;
  /** The compose files read, in merge order. */
  readonly files: readonly string[];
  /** Every variable interpolation could see, sorted by name. */
  readonly environment: readonly (readonly [string, string])[];
  /** Every profile any service names, enabled or not. */
  readonly profiles: readonly string[];
  /** Services left out because none of their profiles is active. */
  readonly disabledServices: readonly string[];
  /** Variables the files use, when `collectVariables` was asked for. */
  readonly variables: readonly ComposeVariable[];
  /** The merged tree before normalization (what `config --no-normalize` would show). */
  readonly tree: TreeMap;
}

/** Loads, merges, validates and normalizes a compose project. */
export function loadProject(options: LoadOptions = {}): LoadedProject {
  const io = options.io ?? realIO();
  const workingDir = resolve(options.workingDir ?? process.cwd());
  // A copy: each read of process.env is a call into the C++ runtime, and
  // interpolation may look a variable up millions of times.
  const shell = options.environment ?? { ...process.env };
  const env = buildEnvironment({
    shell,
    envFiles: options.envFiles ?? [],
    workingDir,
    defaultDir: envFileDir(options, workingDir),
    readText: (path) => io.readOptional(path),
  });
  const extra = new Map<string, string>();
  if (options.projectName) extra.set('COMPOSE_PROJECT_NAME', options.projectName);
  const lookup = environmentLookup(env, extra);
  const discovered = discoverFiles(
    {
      files: options.files ?? [],
      composeFileVar: lookup('COMPOSE_FILE'),
      pathSeparator: lookup('COMPOSE_PATH_SEPARATOR'),
      workingDir,
      projectDirectory: options.projectDirectory,
    },
    io,
  );
  discovered.warnings.forEach((w) => options.onWarning?.(w));
  const loader = composeFileLoader({
    io,
    shell,
    interpolate: options.interpolate !== false,
    collectVariables: options.collectVariables === true,
    warn: onceEach(options.onWarning),
  });
  const { tree, layers } = loader.loadProjectFiles(discovered.files, discovered.projectDirectory, lookup, env);
  return finishProject({ tree, layers, options, env, extra, lookup, loader, projectDirectory: discovered.projectDirectory, files: discovered.files });
}

interface Loaded {
  readonly tree: TreeMap;
  readonly layers: readonly SourceLayer[];
  readonly options: LoadOptions;
  readonly env: ProjectEnvironment;
  readonly extra: Map<string, string>;
  readonly lookup: Lookup;
  readonly loader: FileLoader;
  readonly projectDirectory: string;
  readonly files: readonly string[];
}

function finishProject(loaded: Loaded): LoadedProject {
  const { tree, options, lookup } = loaded;
  const locate = layerLocator(loaded.layers);
  const projectName = resolveProjectName({
    flag: options.projectName,
    variable: lookup('COMPOSE_PROJECT_NAME'),
    fromFile: typeof tree['name'] === 'string' ? { name: tree['name'], pos: locate(['name']) } : undefined,
    projectDirectory: loaded.projectDirectory,
  });
  const profiles = activeProfiles(options, lookup);
  checkEnabledServices(options.services ?? [], tree, locate);
  const { tree: enabled, disabled } = applyProfiles(tree, { profiles, enabledServices: options.services ?? [], locate });
  checkProject(enabled, locate);
  const project = normalizeProject(enabled, {
    projectName,
    projectDirectory: loaded.projectDirectory,
    lookup,
    readEnvFile: (path) => loaded.loader.readEnvFile(path),
    parseEnvFile: (text, file, envLookup) => parseDotenv(text, { file, lookup: envLookup }),
    locate,
  });
  return {
    project,
    files: loaded.files,
    environment: environmentEntries(loaded.env, loaded.extra),
    profiles: listProfiles(tree),
    disabledServices: disabled,
    variables: loaded.loader.variables(),
    tree: enabled,
  };
}

// The default .env sits in --project-directory, else beside the first -f
// file, else in the working directory: docker compose reads it before it
// knows the project's files, since it may set COMPOSE_FILE.
function envFileDir(options: LoadOptions, workingDir: string): string {
  if (options.projectDirectory) return resolve(workingDir, options.projectDirectory);
  const first = options.files?.[0];
  if (first && first !== STDIN) return dirname(resolve(workingDir, first));
  return workingDir;
}

function activeProfiles(options: LoadOptions, lookup: Lookup): string[] {
  if (options.profiles && options.profiles.length > 0) return [...options.profiles];
  return (lookup('COMPOSE_PROFILES') ?? '').split(',').map((p) => p.trim()).filter((p) => p !== '');
}

function checkEnabledServices(names: readonly string[], tree: TreeMap, locate: Locator): void {
  const services = (tree['services'] ?? {}) as TreeMap;
  for (const name of names) {
    if (!Object.hasOwn(services, name)) {
      const pos = locate(['services']);
      throw new ComposeError(ComposeErrorCode.UndefinedReference, `no such service: ${name}`, pos ? { pos } : {});
    }
  }
}

// Later layers (override files) win; a path no layer has exactly falls back
// to the nearest ancestor any layer has.
function layerLocator(layers: readonly SourceLayer[]): Locator {
  return (path) => {
    for (let n = path.length; n > 0; n--) {
      const prefix = path.slice(0, n);
      for (let i = layers.length - 1; i >= 0; i--) {
        const pos = layers[i]!.sourceMap.get(prefix);
        if (pos) return pos;
      }
    }
    const last = layers.at(-1);
    return last ? { file: last.file, line: 1, column: 1 } : undefined;
  };
}

function onceEach(warn: ((message: string) => void) | undefined): (name: string) => void {
  const seen = new Set<string>();
  return (name) => {
    if (seen.has(name)) return;
    seen.add(name);
    warn?.(`The "${name}" variable is not set. Defaulting to a blank string.`);
  };
}
