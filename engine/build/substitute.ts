// `$VAR` and `${VAR…}` in the instructions that take them (FROM, COPY, ADD,
// ENV, ARG, LABEL, EXPOSE, USER, WORKDIR, VOLUME, STOPSIGNAL), as the
// Dockerfile reference defines them: `${VAR:-word}`, `${VAR:+word}` (and
// `-`/`+` without the colon, which test set rather than non-empty),
// `${VAR:?message}`. Single quotes keep text as written; the escape
// character before `$` keeps a literal `$`. Quotes stay in the output: the
// instruction's own word splitting removes them. Pure.

export type Lookup = (name: string) => string | undefined;

export class SubstitutionError extends Error {}

export function substitute(text: string, lookup: Lookup, escape = '\\'): string {
  let out = '';
  let quote: "'" | '"' | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === escape && i + 1 < text.length && quote !== "'") {
      // Only `$` loses its escape here; every other escape is the word splitter's.
      out += text[i + 1] === '$' ? '$' : ch + text[i + 1];
      i++;
    } else if (ch === "'" && quote !== '"') {
      quote = quote === "'" ? undefined : "'";
      out += ch;
    } else if (ch === '"' && quote !== "'") {
      quote = quote === '"' ? undefined : '"';
      out += ch;
    } else if (ch === '$' && quote !== "'") {
      const { value, end } = expand(text, i, lookup, escape);
      out += value;
      i = end - 1;
    } else {
      out += ch;
    }
  }
  return out;
}

/** The value of the reference at `start` (a `$`), and where it ends. */
function expand(text: string, start: number, lookup: Lookup, escape: string): { value: string; end: number } {
  const bare = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text.slice(start));
  if (bare) return { value: lookup(bare[1]!) ?? '', end: start + bare[0].length };
  if (text[start + 1] !== '{') return { value: '$', end: start + 1 };
  const close = matchingBrace(text, start + 2);
  if (close < 0) throw new SubstitutionError(`missing } in "${text.slice(start)}"`);
  const body = text.slice(start + 2, close);
  const match = /^([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-+?])([\s\S]*))?$/.exec(body);
  if (!match) throw new SubstitutionError(`bad substitution: \${${body}}`);
  const [, name, operator, word = ''] = match;
  const value = lookup(name!);
  const word$ = () => substitute(word, lookup, escape);
  return { value: applyOperator(name!, value, operator, word$), end: close + 1 };
}

function applyOperator(name: string, value: string | undefined, operator: string | undefined, word: () => string): string {
  const set = value !== undefined;
  const nonEmpty = set && value !== '';
  switch (operator) {
    case undefined:
      return value ?? '';
    case ':-':
      return nonEmpty ? value : word();
    case '-':
      return set ? value : word();
    case ':+':
      return nonEmpty ? word() : '';
    case '+':
      return set ? word() : '';
    default: {
      // `:?` and `?`: the build stops, with the message given.
      if (operator === ':?' ? nonEmpty : set) return value!;
      const message = word();
      throw new SubstitutionError(`${name}: ${message || 'is not set'}`);
    }
  }
}

function matchingBrace(text: string, from: number): number {
  let depth = 1;
  for (let i = from; i < text.length; i++) {
    if (text[i] === '{') depth++;
    else if (text[i] === '}' && --depth === 0) return i;
  }
  return -1;
}
