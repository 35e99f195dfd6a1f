// The files a COPY or ADD reads: the build context (less what
// .dockerignore leaves out) or, for --from, a copy of another stage's root.
// Sources are context-relative; none may reach outside the tree.
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync, readlinkSync, type Stats } from 'node:fs';
import { join, posix } from 'node:path';
import { IgnoreRules } from './dockerignore.js';
import { compilePattern, hasWildcards } from './path-pattern.js';

export interface TreeEntry {
  /** Relative to the tree's root, `/`-separated. */
  readonly rel: string;
  readonly path: string;
  readonly stat: Stats;
}

/** Why a source could not be had: the caller turns it into an error naming the line. */
export class MissingSource extends Error {}

export class SourceTree {
  constructor(
    readonly dir: string,
    private readonly ignore: IgnoreRules = IgnoreRules.none(),
  ) {}

  /** The build context at `dir`, with its .dockerignore. */
  static context(dir: string): SourceTree {
    const file = join(dir, '.dockerignore');
    return new SourceTree(dir, existsSync(file) ? IgnoreRules.parse(readFileSync(file, 'utf8')) : IgnoreRules.none());
  }

  /** The entries a source names: one path, or every path a wildcard matches (sorted). */
  expand(source: string): TreeEntry[] {
    const rel = posix.normalize(source).replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
    if (rel === '..' || rel.startsWith('../')) throw new MissingSource(`${source} is outside the build context`);
    if (rel === '.' || rel === '') return [this.entry('')];
    if (!hasWildcards(rel)) {
      const stat = lstatSync(join(this.dir, rel), { throwIfNoEntry: false });
      if (!stat || this.ignore.ignores(rel)) throw new MissingSource(`"${source}" not found in the build context${stat ? ' (.dockerignore leaves it out)' : ''}`);
      return [{ rel, path: join(this.dir, rel), stat }];
    }
    const regex = compilePattern(rel);
    const matches = this.walk('').filter((e) => regex.test(e.rel));
    if (matches.length === 0) throw new MissingSource(`no source files were specified: "${source}" matches nothing in the build context`);
    return matches;
  }

  /** `rel` and everything under it that is not ignored, parents before children, sorted. */
  walk(rel: string): TreeEntry[] {
    const out: TreeEntry[] = [];
    const visit = (at: string) => {
      const entry = this.entry(at);
      const ignored = at !== '' && this.ignore.ignores(at);
      if (!ignored) out.push(entry);
      if (!entry.stat.isDirectory() || (ignored && !this.ignore.hasExceptions())) return;
      for (const name of readdirSync(entry.path).sort()) visit(at === '' ? name : `${at}/${name}`);
    };
    visit(rel);
    return out.filter((e) => e.rel !== '');
  }

  private entry(rel: string): TreeEntry {
    const path = rel === '' ? this.dir : join(this.dir, rel);
    return { rel, path, stat: lstatSync(path) };
  }
}

/** A digest of what the entries hold (names, types, modes, content, link targets), for the step cache. */
export function contentDigest(entries: readonly TreeEntry[], keepOwner: boolean): string {
  const hash = createHash('sha256');
  for (const { rel, path, stat } of entries) {
    hash.update(`${rel}\0${stat.mode}\0${keepOwner ? `${stat.uid}:${stat.gid}` : ''}\0`);
    if (stat.isFile()) hash.update(readFileSync(path));
    else if (stat.isSymbolicLink()) hash.update(readlinkSync(path));
    hash.update('\0');
  }
  return hash.digest('hex');
}
