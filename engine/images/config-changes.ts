// Dockerfile instructions given to `image import --change`, applied to an
// image config (the `config` object of an OCI image config). Pure: no I/O.
// Quoting follows the Dockerfile rules: whitespace splits words, quotes group
// and are removed, a backslash escapes the next character.
import { posix } from 'node:path';
import { UsageError, type FlotillaError } from '../../errors.js';

export interface ImageRunConfig {
  User?: string;
  ExposedPorts?: Record<string, Record<string, never>>;
  Env?: string[];
  Entrypoint?: string[];
  Cmd?: string[];
  Volumes?: Record<string, Record<string, never>>;
  WorkingDir?: string;
  Labels?: Record<string, string>;
  StopSignal?: string;
}

type Fail = (why: string) => FlotillaError;
type Apply = (config: ImageRunConfig, args: string, fail: Fail) => void;

const INSTRUCTIONS: Record<string, Apply> = {
  CMD: (c, args) => void (c.Cmd = commandForm(args)),
  ENTRYPOINT: (c, args) => void (c.Entrypoint = commandForm(args)),
  ENV: (c, args, fail) => {
    const env = [...(c.Env ?? [])];
    for (const [key, value] of pairs('ENV', args, fail)) {
      const at = env.findIndex((e) => e.split('=')[0] === key);
      if (at >= 0) env[at] = `${key}=${value}`;
      else env.push(`${key}=${value}`);
    }
    c.Env = env;
  },
  EXPOSE: (c, args, fail) => void (c.ExposedPorts = { ...c.ExposedPorts, ...Object.fromEntries(splitWords(args, fail).flatMap((w) => ports(w, fail)).map((p) => [p, {}])) }),
  LABEL: (c, args, fail) => void (c.Labels = { ...c.Labels, ...Object.fromEntries(pairs('LABEL', args, fail)) }),
  STOPSIGNAL: (c, args, fail) => {
    if (!/^(?:\d+|(?:SIG)?[A-Z][A-Z0-9+-]*)$/i.test(args)) throw fail(`"${args}" is not a signal name or number`);
    c.StopSignal = args;
  },
  USER: (c, args) => void (c.User = args),
  VOLUME: (c, args, fail) => {
    const paths = jsonArray(args) ?? splitWords(args, fail);
    if (paths.length === 0 || paths.some((p) => p === '')) throw fail('VOLUME needs at least one non-empty path');
    c.Volumes = { ...c.Volumes, ...Object.fromEntries(paths.map((p) => [p, {}])) };
  },
  // A relative WORKDIR continues from the one before, as in a Dockerfile.
  WORKDIR: (c, args) => void (c.WorkingDir = posix.resolve(c.WorkingDir ?? '/', args)),
};

export const SUPPORTED_CHANGES: readonly string[] = Object.keys(INSTRUCTIONS);

export interface ApplyOptions {
  /** The error for a change that cannot be applied (a Dockerfile build names its line); UsageError naming the --change by default. */
  readonly refuse?: (change: string, why: string) => FlotillaError;
}

/** Applies each `--change` in order to a copy of `base`; throws UsageError naming the bad one. */
export function applyChanges(changes: readonly string[], base: ImageRunConfig = {}, options: ApplyOptions = {}): ImageRunConfig {
  const config: ImageRunConfig = structuredClone(base);
  for (const change of changes) {
    const fail = (why: string) => options.refuse?.(change, why) ?? new UsageError(`--change "${change}": ${why}`);
    const match = /^\s*([A-Za-z]+)(?:\s+([\s\S]*))?$/.exec(change);
    if (!match) throw fail('expected a Dockerfile instruction such as CMD ["sh"]');
    const name = match[1]!.toUpperCase();
    const apply = INSTRUCTIONS[name];
    if (!apply) throw fail(`instruction ${name} is not supported by import (supported: ${SUPPORTED_CHANGES.join(', ')})`);
    const args = (match[2] ?? '').trim();
    if (args === '') throw fail(`${name} needs an argument`);
    apply(config, args, fail);
  }
  return config;
}

// JSON array form runs as given; anything else (even a malformed array, as
// docker does) runs through /bin/sh -c.
function commandForm(args: string): string[] {
  return jsonArray(args) ?? ['/bin/sh', '-c', args];
}

function jsonArray(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((s) => typeof s === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}

// `K=V K2="v 2"`, or the legacy `K value with spaces` (one pair, the rest is the value).
function pairs(name: string, args: string, fail: Fail): [string, string][] {
  const first = /^(\S+?)(?:\s+([\s\S]*))?$/.exec(args)!;
  if (!first[1]!.includes('=')) {
    if (first[2] === undefined) throw fail(`${name} needs NAME=VALUE (or NAME VALUE)`);
    return [[checkKey(unquote(first[1]!, fail), fail), unquote(first[2], fail)]];
  }
  return splitWords(args, fail).map((word) => {
    const eq = word.indexOf('=');
    if (eq < 0) throw fail(`"${word}" is not of the form NAME=VALUE`);
    return [checkKey(word.slice(0, eq), fail), word.slice(eq + 1)];
  });
}

function checkKey(key: string, fail: Fail): string {
  if (key === '') throw fail('a name cannot be empty');
  return key;
}

// `80`, `80/udp`, `8000-8002/tcp` → `80/tcp`… each port listed once.
function ports(word: string, fail: Fail): string[] {
  const match = /^(\d+)(?:-(\d+))?(?:\/(tcp|udp|sctp))?$/i.exec(word);
  const from = Number(match?.[1]);
  const to = Number(match?.[2] ?? match?.[1]);
  if (!match || from < 1 || to > 65535 || to < from) throw fail(`invalid port "${word}": expected PORT[-PORT][/tcp|udp|sctp], 1-65535`);
  const proto = (match[3] ?? 'tcp').toLowerCase();
  return Array.from({ length: to - from + 1 }, (_, i) => `${from + i}/${proto}`);
}

function splitWords(text: string, fail: Fail): string[] {
  return scan(text, true, fail);
}

function unquote(text: string, fail: Fail): string {
  return scan(text, false, fail).join('');
}

// One pass over the text: quotes open and close, escapes apply, and (when
// `split`) unquoted whitespace ends a word. `""` is an empty word, not none.
function scan(text: string, split: boolean, fail: Fail): string[] {
  const words: string[] = [];
  let word: string | undefined;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote === "'") {
      if (ch === "'") quote = undefined;
      else word += ch;
    } else if (quote === '"') {
      if (ch === '"') quote = undefined;
      else if (ch === '\\' && i + 1 < text.length && '"\\$'.includes(text[i + 1]!)) word += text[++i]!;
      else word += ch;
    } else if (split && /\s/.test(ch)) {
      if (word !== undefined) words.push(word);
      word = undefined;
    } else {
      word ??= '';
      if (ch === '"' || ch === "'") quote = ch;
      else if (ch === '\\' && i + 1 < text.length) word += text[++i]!;
      else word += ch;
    }
  }
  if (quote) throw fail(`unterminated ${quote === '"' ? 'double' : 'single'} quote`);
  if (word !== undefined) words.push(word);
  return words;
}
