// Path patterns of `develop.watch` (`ignore`, `include`) and .dockerignore,
// with .dockerignore's meaning: `*` and `?` stay within one path segment,
// `**` spans any number of them, a leading `!` takes a path back in, the
// last pattern that matches decides, and a pattern that matches a folder
// matches everything beneath it. Paths are relative, with `/` separators.

export interface PathPatterns {
  /** True when the last pattern matching `path` (or one of its folders) is not a `!` one. */
  matches(path: string): boolean;
}

interface CompiledPattern {
  readonly negated: boolean;
  readonly regex: RegExp;
}

export function compilePatterns(patterns: readonly string[]): PathPatterns {
  const compiled = patterns.map(compileOne).filter((p): p is CompiledPattern => p !== undefined);
  return {
    matches(path) {
      const clean = cleanPath(path);
      let matched = false;
      for (const pattern of compiled) {
        if (pattern.negated === !matched) continue; // it could not change the answer
        if (matchesOrParentMatches(pattern.regex, clean)) matched = !pattern.negated;
      }
      return matched;
    },
  };
}

/** The lines of a .dockerignore file that are patterns (no blanks, no comments). */
export function parseIgnoreFile(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

// Files editors write beside the one being saved (swap, backup and lock
// files): a save must not sync or restart anything because of them.
export const EDITOR_TEMPORARY_PATTERNS: readonly string[] = [
  '**/.git',
  '**/*~',
  '**/.*.swp',
  '**/.*.swx',
  '**/.*.swo',
  '**/4913',
  '**/.#*',
  '**/#*#',
  '**/*___jb_tmp___',
  '**/*___jb_old___',
];

function compileOne(raw: string): CompiledPattern | undefined {
  const negated = raw.startsWith('!');
  const body = cleanPath((negated ? raw.slice(1) : raw).trim());
  if (body === '' || body === '.') return undefined;
  return { negated, regex: new RegExp(`^${globToRegex(body)}$`) };
}

function matchesOrParentMatches(regex: RegExp, path: string): boolean {
  if (regex.test(path)) return true;
  const parts = path.split('/');
  for (let n = parts.length - 1; n > 0; n--) if (regex.test(parts.slice(0, n).join('/'))) return true;
  return false;
}

function globToRegex(glob: string): string {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*' && glob[i + 1] === '*') {
      // `**/` may match no folder at all; a trailing `**` matches everything below.
      const slash = glob[i + 2] === '/';
      out += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (c === '*') out += '[^/]*';
    else if (c === '?') out += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) out += '\\[';
      else {
        const inner = glob.slice(i + 1, end).replace(/\\/g, '\\\\');
        out += `[${inner.startsWith('^') || inner.startsWith('!') ? `^${inner.slice(1)}` : inner}]`;
        i = end;
      }
    } else if (c === '\\' && i + 1 < glob.length) out += escapeRegex(glob[++i]!);
    else out += escapeRegex(c);
  }
  return out;
}

function escapeRegex(c: string): string {
  return /[.*+?^${}()|[\]\\/]/.test(c) ? `\\${c}` : c;
}

// As .dockerignore reads a pattern: no leading `./` or `/`, no empty or `.` segments.
function cleanPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts.at(-1) !== '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}
