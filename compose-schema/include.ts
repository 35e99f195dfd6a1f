// `include`: other compose projects pulled into a file. Each is loaded as a
// project of its own (own directory, own env files) by the loader; this pass
// reads the entries and adds what they define, refusing clashes.
import { isDeepStrictEqual } from 'node:util';
import { dirname, isAbsolute, resolve } from 'node:path';
import { ComposeError, ComposeErrorCode } from '../errors.js';
import { formatPath, isMap, type Locator, type Tree, type TreeMap } from './tree.js';

/** One `include` entry with its paths made absolute. */
export interface IncludeEntry {
  readonly index: number;
  readonly files: readonly string[];
  readonly projectDirectory: string;
  /** Explicit env files; empty means the included project's own `.env`. */
  readonly envFiles: readonly string[];
}

const SECTIONS = ['services', 'networks', 'volumes', 'secrets', 'configs'] as const;

/** Reads the `include` list of a file whose relative paths resolve against `baseDir`. */
export function readIncludeEntries(include: Tree | undefined, baseDir: string): IncludeEntry[] {
  if (!Array.isArray(include)) return [];
  return include.map((entry, index) => {
    const abs = (p: string) => (isAbsolute(p) ? p : resolve(baseDir, p));
    if (typeof entry === 'string') return { index, files: [abs(entry)], projectDirectory: dirname(abs(entry)), envFiles: [] };
    const spec = isMap(entry) ? entry : {};
    const files = toList(spec['path']).map(abs);
    const projectDirectory =
      typeof spec['project_directory'] === 'string' ? abs(spec['project_directory']) : dirname(files[0] ?? baseDir);
    return { index, files, projectDirectory, envFiles: toList(spec['env_file']).map(abs) };
  });
}

function toList(value: Tree | undefined): string[] {
  if (typeof value === 'string') return [value];
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Adds the resources of included projects to `tree` (which loses its
 * `include` key). A resource defined both here and in an included project,
 * or by two included projects, must be identical.
 */
export function addIncluded(tree: TreeMap, included: readonly { entry: IncludeEntry; tree: TreeMap }[], locate: Locator): TreeMap {
  const out: TreeMap = { ...tree };
  delete out['include'];
  const origin = new Map<string, string>();
  for (const { entry, tree: sub } of included) {
    for (const section of SECTIONS) {
      const defs = sub[section];
      if (!isMap(defs)) continue;
      const target: TreeMap = isMap(out[section]) ? { ...(out[section] as TreeMap) } : {};
      for (const [name, def] of Object.entries(defs)) {
        checkClash(target, section, name, def, { entry, origin, locate });
        target[name] = def;
        origin.set(`${section}.${name}`, entry.files[0] ?? '');
      }
      out[section] = target;
    }
  }
  return out;
}

interface ClashContext {
  readonly entry: IncludeEntry;
  readonly origin: Map<string, string>;
  readonly locate: Locator;
}

function checkClash(target: TreeMap, section: string, name: string, def: Tree, ctx: ClashContext): void {
  if (!Object.hasOwn(target, name) || isDeepStrictEqual(target[name], def)) return;
  const path = [section, name];
  const from = ctx.entry.files[0] ?? '';
  const other = ctx.origin.get(`${section}.${name}`);
  const where = other ? `the one included from ${other}` : 'the one defined here';
  const pos = ctx.locate(other ? ['include', ctx.entry.index] : path) ?? ctx.locate(['include', ctx.entry.index]);
  throw new ComposeError(
    ComposeErrorCode.IncludeConflict,
    `${formatPath(path)} included from ${from} conflicts with ${where}`,
    pos ? { pos } : {},
  );
}
