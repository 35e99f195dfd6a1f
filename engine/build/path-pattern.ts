// The path patterns of .dockerignore and of COPY/ADD sources: Go's
// filepath.Match syntax (`*` and `?` within one path part, `[a-z]` classes,
// a backslash escaping the next character) plus `**` for any number of
// parts, as docker's pattern matcher reads them. Pure.
import { posix } from 'node:path';

/** A regular expression for `pattern`, which is relative to the context root (a leading `/` is dropped). */
export function compilePattern(pattern: string): RegExp {
  const clean = posix.normalize(pattern.trim()).replace(/^(\.\/|\/)+/, '').replace(/\/+$/, '');
  let source = '';
  for (let i = 0; i < clean.length; i++) {
    const ch = clean[i]!;
    if (ch === '*' && clean[i + 1] === '*') {
      // `**/` may also match no part at all: `**/x` takes `x` at the top.
      const slash = clean[i + 2] === '/';
      source += slash ? '(?:.*/)?' : '.*';
      i += slash ? 2 : 1;
    } else if (ch === '*') source += '[^/]*';
    else if (ch === '?') source += '[^/]';
    else if (ch === '[') {
      const end = clean.indexOf(']', i + 1);
      if (end < 0) source += '\\[';
      else {
        source += `[${clean.slice(i + 1, end).replace(/^\^/, '^').replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (ch === '\\' && i + 1 < clean.length) source += escapeRegex(clean[++i]!);
    else source += escapeRegex(ch);
  }
  return new RegExp(`^${source === '.' ? '.*' : source}$`);
}

function escapeRegex(ch: string): string {
  return /[.+^${}()|[\]\\*?/]/.test(ch) ? `\\${ch}` : ch;
}

/** Whether the pattern has anything but literal text, so that it must be matched against a listing. */
export function hasWildcards(pattern: string): boolean {
  return /[*?[\\]/.test(pattern);
}
