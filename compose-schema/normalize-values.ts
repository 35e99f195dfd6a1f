// Converters for the value shapes many keys share: lists that stand for
// mappings, units, host lists, command lines, file references.
import type { ServiceDevice, ServiceFileReference, Ulimit } from './model.js';
import { quoted, scalarText, type At } from './normalize-context.js';
import { isMap, type Tree, type TreeMap } from './tree.js';
import { parseByteSize, parseDuration, splitShellWords } from './units.js';

/** A string or a list of them → a list (`dns: 8.8.8.8`). */
export function toList(value: Tree): string[] {
  return Array.isArray(value) ? value.map(scalarText) : [scalarText(value)];
}

/** Labels, sysctls, driver options...: `k=v` items or a mapping; a missing value is "". */
export function toStringMap(value: Tree): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(value)) {
    for (const item of value) {
      const [key, val] = cut(scalarText(item), '=');
      out[key] = val ?? '';
    }
  } else if (isMap(value)) {
    for (const [key, val] of Object.entries(value)) out[key] = val === null ? '' : scalarText(val);
  }
  return out;
}

/** environment, build.args: `k=v` items or a mapping; `k` alone (or `k:` null) has no value yet. */
export function toEnvMap(value: Tree, at: At): Record<string, string | null> {
  const out: Record<string, string | null> = {};
  if (isMap(value)) {
    for (const [key, val] of Object.entries(value)) out[key] = val === null ? null : scalarText(val);
    return out;
  }
  (Array.isArray(value) ? value : []).forEach((item, i) => {
    const [key, val] = cut(scalarText(item), '=');
    if (/\s$/.test(key)) at.child(i).fail(`environment variable ${quoted(key)} is declared with a trailing space`);
    out[key] = val ?? null;
  });
  return out;
}

/** The text before and after the first `sep`; no second part when `sep` is absent. */
export function cut(text: string, sep: string): [string, string?] {
  const i = text.indexOf(sep);
  return i < 0 ? [text] : [text.slice(0, i), text.slice(i + sep.length)];
}

export function byteSize(value: Tree, at: At): number {
  const bytes = typeof value === 'string' || typeof value === 'number' ? parseByteSize(value) : undefined;
  return bytes ?? at.fail(`invalid size ${quoted(value)}: use a number of bytes or a unit like "512m" or "1g"`);
}

export function duration(value: Tree, at: At): number {
  const ns = parseDuration(scalarText(value));
  return ns ?? at.fail(`invalid duration ${quoted(value)}: use a duration like "30s" or "1m30s"`);
}

/** An integer; a numeric string (as interpolation leaves it) counts. */
export function integer(value: Tree, at: At): number {
  const n = typeof value === 'number' ? value : /^[-+]?\d+$/.test(scalarText(value)) ? Number(value) : NaN;
  return Number.isInteger(n) ? n : at.fail(`invalid number ${quoted(value)}: expected an integer`);
}

/** command, entrypoint, hook commands: a string is split into words as compose does. */
export function shellCommand(value: Tree, at: At): string[] {
  if (Array.isArray(value)) return value.map(scalarText);
  const text = scalarText(value);
  const split = splitShellWords(text);
  if (!split) return at.fail(`invalid command line ${quoted(text)}: unbalanced quotes or parentheses`);
  if (split.dropped !== undefined) at.warn(`${quoted(split.dropped)} is left out: a command is not run by a shell, use ["sh", "-c", ...]`);
  return split.words;
}

// extra_hosts: `host=ip` or `host:ip` items (ips may be comma-separated), or
// host → ip(s); compose prints `host=ip` entries, sorted, brackets dropped.
export function extraHosts(value: Tree, at: At): string[] {
  const pairs: [string, string, number | string][] = [];
  if (isMap(value)) {
    for (const [host, ips] of Object.entries(value)) for (const ip of toList(ips ?? '')) pairs.push([host, ip, host]);
  } else {
    toList(value).forEach((entry, i) => {
      const [host, ips] = entry.includes('=') ? cut(entry, '=') : cut(entry, ':');
      if (ips === undefined) return at.child(i).fail(`invalid extra host ${quoted(entry)}: missing IP address`);
      for (const ip of ips.split(',')) pairs.push([host, ip, i]);
    });
  }
  return pairs
    .map(([host, ip, key]) => {
      if (host === '' || /[:=]/.test(host)) at.child(key).fail(`invalid extra host: bad host name ${quoted(host)}`);
      return `${host}=${/^\[.+\]$/.test(ip) ? ip.slice(1, -1) : ip}`;
    })
    .sort();
}

export function ulimits(value: Tree, at: At): Record<string, Ulimit> {
  const out: Record<string, Ulimit> = {};
  for (const [name, limit] of Object.entries(value as TreeMap)) {
    const here = at.child(name);
    if (!isMap(limit)) {
      const n = integer(limit, here);
      out[name] = { soft: n, hard: n };
    } else {
      out[name] = { soft: integer(limit['soft'] ?? null, here.child('soft')), hard: integer(limit['hard'] ?? null, here.child('hard')) };
    }
  }
  return out;
}

/** `/dev/src[:/dev/dst[:perms]]` → the long form (permissions `rwm` by default). */
export function device(value: Tree, at: At): ServiceDevice {
  if (isMap(value)) return value as unknown as ServiceDevice;
  const text = scalarText(value);
  const parts = text.split(':');
  if (parts.length > 3) at.fail(`invalid device ${quoted(text)}: use the long syntax (source, target, permissions)`);
  const [source = '', target = '', permissions = 'rwm'] = parts;
  return { source, target: target === '' ? source : target, permissions };
}

/** secrets, configs: a name or the long form; `defaultTarget` fills a missing target. */
export function fileReference(value: Tree, at: At, defaultTarget?: (source: string) => string): ServiceFileReference {
  const ref: Record<string, unknown> = isMap(value) ? { ...value } : { source: scalarText(value) };
  const source = scalarText(ref['source'] ?? '');
  if (ref['target'] === undefined && defaultTarget) ref['target'] = defaultTarget(source);
  if (ref['mode'] !== undefined && ref['mode'] !== null) ref['mode'] = fileMode(ref['mode'] as Tree, at.child('mode'));
  return ref as unknown as ServiceFileReference;
}

// A string mode is octal (`"0440"`), a number is taken as is.
function fileMode(value: Tree, at: At): number {
  if (typeof value === 'number') return value;
  const text = scalarText(value);
  return /^[0-7]+$/.test(text) ? parseInt(text, 8) : at.fail(`invalid file mode ${quoted(text)}: expected octal digits like "0440"`);
}
