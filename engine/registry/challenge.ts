// The WWW-Authenticate header of a 401: which scheme the registry wants and,
// for Bearer, where to get a token (realm, service, scope). Quoted values may
// hold commas (a scope listing several actions), so this is a small scanner
// rather than a split.
import { RegistryError, RegistryErrorCode } from '../../errors.js';

export interface Challenge {
  /** Lowercase: `bearer` or `basic`. */
  readonly scheme: string;
  readonly params: Readonly<Record<string, string>>;
}

const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+/;

/** Parses one challenge (`Bearer realm="…",service="…"`); throws RegistryError on a malformed header. */
export function parseChallenge(header: string): Challenge {
  const fail = (why: string) => new RegistryError(RegistryErrorCode.Protocol, `malformed WWW-Authenticate header ${JSON.stringify(header)}: ${why}`);
  let rest = header.trim();
  const scheme = TOKEN.exec(rest)?.[0];
  if (!scheme) throw fail('no scheme');
  rest = rest.slice(scheme.length).trimStart();
  const params: Record<string, string> = {};
  while (rest.length > 0) {
    const name = TOKEN.exec(rest)?.[0];
    if (!name) throw fail(`expected a parameter name at ${JSON.stringify(rest)}`);
    rest = rest.slice(name.length).trimStart();
    if (!rest.startsWith('=')) throw fail(`parameter ${name} has no value`);
    rest = rest.slice(1).trimStart();
    const { value, after } = rest.startsWith('"') ? quoted(rest, fail) : unquoted(rest);
    params[name.toLowerCase()] = value;
    rest = after.trimStart();
    if (rest.startsWith(',')) rest = rest.slice(1).trimStart();
    else if (rest.length > 0) throw fail(`expected a comma at ${JSON.stringify(rest)}`);
  }
  return { scheme: scheme.toLowerCase(), params };
}

function quoted(text: string, fail: (why: string) => Error): { value: string; after: string } {
  let value = '';
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) value += text[++i];
    else if (c === '"') return { value, after: text.slice(i + 1) };
    else value += c;
  }
  throw fail('unterminated quoted value');
}

function unquoted(text: string): { value: string; after: string } {
  const end = text.search(/[,\s]/);
  return end < 0 ? { value: text, after: '' } : { value: text.slice(0, end), after: text.slice(end) };
}
