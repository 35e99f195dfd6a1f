// The untyped tree the loader passes work on, and how to name a place in it.
import type { SourcePos } from '../errors.js';

export type Scalar = string | number | boolean | null;
export type Tree = Scalar | TreeMap | Tree[];
export interface TreeMap {
  [key: string]: Tree;
}

export type PathSegment = string | number;
export type TreePath = readonly PathSegment[];

export function isMap(value: unknown): value is TreeMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `services.web.ports[0]`: the form every message uses. */
export function formatPath(path: TreePath): string {
  let out = '';
  for (const segment of path) {
    if (typeof segment === 'number') out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** A lossless key for maps keyed by path (names may contain dots). */
export function pathKey(path: TreePath): string {
  return path.map((s) => (typeof s === 'number' ? `#${s}` : `.${s}`)).join('\u0000');
}

/**
 * Positions of the nodes of one parsed file, by path. A map entry is recorded
 * at its key, a sequence item at the item. Lookups fall back to the nearest
 * recorded ancestor, so a place made up by a later pass still gets a line.
 */
export class SourceMap {
  private readonly positions = new Map<string, SourcePos>();

  constructor(readonly file: string) {}

  set(path: TreePath, line: number, column: number): void {
    this.positions.set(pathKey(path), { file: this.file, line, column });
  }

  /** The exact position of `path`, if the file has that node. */
  get(path: TreePath): SourcePos | undefined {
    return this.positions.get(pathKey(path));
  }

  /** The position of `path` or of its nearest ancestor the file has. */
  lookup(path: TreePath): SourcePos {
    for (let n = path.length; n > 0; n--) {
      const pos = this.positions.get(pathKey(path.slice(0, n)));
      if (pos) return pos;
    }
    return { file: this.file, line: 1, column: 1 };
  }

  /** Whether the file itself has a node at `path` (not only an ancestor). */
  has(path: TreePath): boolean {
    return this.positions.has(pathKey(path));
  }
}

/** YAML tags that steer merging: `!reset` drops a value, `!override` replaces instead of merging. */
export type MergeTag = 'reset' | 'override';

/** A compose file after parsing: its tree, where each node came from, its merge tags. */
export interface ParsedFile {
  /** Absolute path, or `-` for stdin. */
  readonly file: string;
  readonly tree: TreeMap;
  readonly sourceMap: SourceMap;
  /** Merge tags by pathKey() of the tagged node. */
  readonly tags: ReadonlyMap<string, MergeTag>;
}

/**
 * Finds the source position of a path in the merged project; passes that run
 * after merging use it to point errors at the file and line the value came from.
 */
export type Locator = (path: TreePath) => SourcePos | undefined;

/** The environment variables interpolation and `environment` entries resolve against. */
export type Lookup = (name: string) => string | undefined;
