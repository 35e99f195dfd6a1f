// Which compose files make up the project and where its directory is, by the
// rules docker compose follows. Pure: file-system questions go through `FileProbe`.
import { basename, dirname, isAbsolute, resolve } from 'node:path';
import { ComposeError, ComposeErrorCode } from '../errors.js';

/** The file-system questions discovery asks; load.ts answers them for real. */
export interface FileProbe {
  isFile(path: string): boolean;
  /** Whether anything (a folder, a device…) is at `path`; lets errors tell "missing" from "not a file". */
  exists?(path: string): boolean;
}

/** Names looked up, in order of preference, from the working directory upward. */
export const DEFAULT_FILE_NAMES = ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml'] as const;

/** The stdin marker for `-f -`. */
export const STDIN = '-';

export interface DiscoverInput {
  /** `-f` values as given (relative to `workingDir`); `-` is stdin. */
  readonly files: readonly string[];
  /** COMPOSE_FILE and COMPOSE_PATH_SEPARATOR, from the shell or the .env file. */
  readonly composeFileVar?: string | undefined;
  readonly pathSeparator?: string | undefined;
  readonly workingDir: string;
  readonly projectDirectory?: string | undefined;
}

export interface Discovered {
  /** Absolute paths (or `-`), in merge order. */
  readonly files: readonly string[];
  readonly projectDirectory: string;
  /** Non-fatal notes for the user, such as several candidate files in one folder. */
  readonly warnings: readonly string[];
}

export function discoverFiles(input: DiscoverInput, probe: FileProbe): Discovered {
  const explicit = explicitFiles(input);
  const warnings: string[] = [];
  const files = explicit.length > 0 ? explicit : findDefaultFiles(input.workingDir, probe, warnings);
  for (const file of files) {
    if (file !== STDIN && !probe.isFile(file)) {
      if (probe.exists?.(file)) throw new ComposeError(ComposeErrorCode.FileUnreadable, `compose file is not a regular file: ${file}`);
      throw new ComposeError(ComposeErrorCode.FileNotFound, `compose file not found: ${file}`);
    }
  }
  const first = files[0]!;
  const projectDirectory = input.projectDirectory
    ? resolve(input.workingDir, input.projectDirectory)
    : first === STDIN
      ? input.workingDir
      : dirname(first);
  return { files, projectDirectory, warnings };
}

function explicitFiles(input: DiscoverInput): string[] {
  const given =
    input.files.length > 0
      ? input.files
      : (input.composeFileVar ?? '').split(input.pathSeparator || ':').filter((f) => f !== '');
  return given.map((f) => (f === STDIN || isAbsolute(f) ? f : resolve(input.workingDir, f)));
}

// Like docker compose: the nearest folder (cwd, then its parents) holding one
// of the default names wins; its override file joins when present.
function findDefaultFiles(workingDir: string, probe: FileProbe, warnings: string[]): string[] {
  for (let dir = resolve(workingDir); ; dir = dirname(dir)) {
    const found = DEFAULT_FILE_NAMES.map((name) => resolve(dir, name)).filter((p) => probe.isFile(p));
    if (found.length > 0) {
      const main = found[0]!;
      if (found.length > 1) {
        warnings.push(`Found multiple config files with supported names: ${found.join(', ')}. Using ${basename(main)}`);
      }
      const override = overrideFor(main, probe);
      return override ? [main, override] : [main];
    }
    if (dirname(dir) === dir) break;
  }
  throw new ComposeError(
    ComposeErrorCode.FileNotFound,
    `no compose file found in ${resolve(workingDir)} or any parent directory (looked for ${DEFAULT_FILE_NAMES.join(', ')})`,
    { hint: 'pass one with -f FILE' },
  );
}

function overrideFor(main: string, probe: FileProbe): string | undefined {
  const stem = basename(main).replace(/\.ya?ml$/, '');
  const candidates = ['yaml', 'yml'].map((ext) => resolve(dirname(main), `${stem}.override.${ext}`));
  return candidates.find((p) => probe.isFile(p));
}
