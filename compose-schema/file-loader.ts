// Loads compose files into one merged tree: per file parse → interpolate →
// cast → validate → resolve paths → extends → include, then merge in order.
import { dirname } from 'node:path';
import { ComposeError, ComposeErrorCode } from '../errors.js';
import { castTree } from './cast.js';
import { STDIN } from './discover.js';
import { buildEnvironment, environmentLookup, type ProjectEnvironment, type ShellEnvironment } from './environment.js';
import { resolveExtends } from './extends.js';
import { addIncluded, readIncludeEntries, type IncludeEntry } from './include.js';
import { interpolateTree } from './interpolate.js';
import type { LoaderIO } from './io.js';
import { dropResetNodes, mergeTrees } from './merge.js';
import { parseComposeYaml } from './parse.js';
import { resolveRelativePaths } from './paths.js';
import type { Locator, Lookup, ParsedFile, SourceMap, TreeMap } from './tree.js';
import { validateSchema } from './validate.js';
import { collectVariables, type ComposeVariable } from './variables.js';

/** One file's contribution to the project, kept to point errors at it. */
export interface SourceLayer {
  readonly file: string;
  readonly sourceMap: SourceMap;
}

export interface FileLoaderOptions {
  readonly io: LoaderIO;
  readonly shell: ShellEnvironment;
  readonly interpolate: boolean;
  /** Gather the variables the files use (for `config --variables`); off by default, it costs a walk of every file. */
  readonly collectVariables?: boolean;
  /** Called with the name of each variable that was used unset. */
  readonly warn: (name: string) => void;
}

export interface FileLoader {
  loadProjectFiles(files: readonly string[], baseDir: string, lookup: Lookup, env: ProjectEnvironment): { tree: TreeMap; layers: SourceLayer[] };
  readEnvFile(path: string): string | undefined;
  /** Variables the files use, gathered before interpolation, sorted by name. */
  variables(): ComposeVariable[];
}

interface PreparedFile extends ParsedFile {
  readonly locate: Locator;
}

export function composeFileLoader(options: FileLoaderOptions): FileLoader {
  const layers: SourceLayer[] = [];
  const variables = new Map<string, ComposeVariable>();

  // One file, read and checked on its own so errors name the file they are in.
  function prepare(file: string, baseDir: string, lookup: Lookup): PreparedFile {
    const text = file === STDIN ? options.io.readStdin() : options.io.readCompose(file);
    const parsed = parseComposeYaml(text, file === STDIN ? 'stdin' : file);
    let tree = parsed.tree;
    if (options.collectVariables) collectVariables(tree, variables);
    if (options.interpolate) {
      tree = interpolateTree(tree, { lookup, sourceMap: parsed.sourceMap, onUnset: options.warn });
      tree = castTree(tree, parsed.sourceMap);
    }
    // `!reset` placeholders (often `null` or `[]`) are instructions, not values to validate.
    validateSchema(dropResetNodes(tree, [], parsed.tags) as TreeMap, parsed.sourceMap);
    tree = resolveRelativePaths(tree, { baseDir, lookup });
    const locate: Locator = (path) => parsed.sourceMap.lookup(path);
    return { ...parsed, tree, locate };
  }

  function loadWithExtends(file: string, baseDir: string, lookup: Lookup): PreparedFile {
    const main = prepare(file, baseDir, lookup);
    const others = new Map<string, PreparedFile>();
    // Files reached through `extends: {file}` resolve their paths against their own folder.
    const loadOther = (path: string): PreparedFile => {
      let other = others.get(path);
      if (!other) {
        other = prepare(path, dirname(path), lookup);
        others.set(path, other);
        layers.push({ file: other.file, sourceMap: other.sourceMap });
      }
      return other;
    };
    return { ...main, tree: resolveExtends(main, loadOther) };
  }

  function loadFiles(files: readonly string[], baseDir: string, lookup: Lookup, env: ProjectEnvironment, chain: readonly string[]): TreeMap {
    let merged: TreeMap = {};
    for (const file of files) {
      const loaded = loadWithExtends(file, baseDir, lookup);
      const entries = readIncludeEntries(loaded.tree['include'], file === STDIN ? baseDir : dirname(file));
      const included = entries.map((entry) => ({ entry, tree: loadIncluded(entry, env, [...chain, file], loaded.locate) }));
      const tree = included.length > 0 ? addIncluded(loaded.tree, included, loaded.locate) : loaded.tree;
      layers.push({ file: loaded.file, sourceMap: loaded.sourceMap });
      merged = mergeTrees(merged, tree, loaded.tags);
    }
    return merged;
  }

  // An included project has its own directory and env files; the shell
  // still wins, and the parent's env-file values are visible beneath its own.
  function loadIncluded(entry: IncludeEntry, parentEnv: ProjectEnvironment, chain: readonly string[], locate: Locator): TreeMap {
    const looped = entry.files.find((f) => chain.includes(f));
    if (looped) {
      const cycle = [...chain.slice(chain.indexOf(looped)), looped].join(' -> ');
      const pos = locate(['include', entry.index]);
      throw new ComposeError(ComposeErrorCode.Cycle, `include cycle: ${cycle}`, pos ? { pos } : {});
    }
    const own = buildEnvironment({
      shell: options.shell,
      envFiles: entry.envFiles,
      workingDir: entry.projectDirectory,
      defaultDir: entry.projectDirectory,
      readText: (path) => options.io.readOptional(path),
    });
    const env: ProjectEnvironment = { ...own, fromFiles: new Map([...parentEnv.fromFiles, ...own.fromFiles]) };
    return loadFiles(entry.files, entry.projectDirectory, environmentLookup(env), env, chain);
  }

  return {
    loadProjectFiles(files, baseDir, lookup, env) {
      const tree = loadFiles(files, baseDir, lookup, env, []);
      return { tree, layers };
    },
    readEnvFile: (path) => options.io.readOptional(path),
    variables: () => [...variables.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
  };
}
