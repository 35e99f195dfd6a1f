// Service volume mounts (`src:dst:opts` or the long form) → the long form,
// read as compose-go's volume parser reads them.
import { posix } from 'node:path';
import type { ServiceVolume } from './model.js';
import { quoted, scalarText, type At } from './normalize-context.js';
import { byteSize } from './normalize-values.js';
import { isMap, type Tree, type TreeMap } from './tree.js';

type MutableVolume = { -readonly [K in keyof ServiceVolume]: ServiceVolume[K] };

const PROPAGATION = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
// Accepted by docker on macOS; compose reads them and does nothing with them.
const CONSISTENCY = new Set(['consistent', 'cached', 'delegated']);

export function normalizeVolumes(value: Tree, at: At): ServiceVolume[] {
  return (value as Tree[]).map((item, i) => (isMap(item) ? longVolume(item, at.child(i)) : shortVolume(scalarText(item), at.child(i))));
}

function shortVolume(text: string, at: At): ServiceVolume {
  const parsed = parseShortVolume(text);
  if (typeof parsed === 'string') return at.fail(`invalid volume ${quoted(text)}: ${parsed}`);
  const volume: MutableVolume = { type: 'volume', target: cleanTarget(parsed.target) };
  if (parsed.source !== '') volume.source = parsed.source;
  // Options first, then the type, as compose does: `nocopy` on a bind keeps its `volume` part.
  for (const option of parsed.options) applyOption(volume, option, at);
  if (isFilePath(parsed.source)) {
    volume.type = 'bind';
    volume.bind = { ...volume.bind, create_host_path: true };
  } else {
    volume.volume = volume.volume ?? {};
  }
  return volume;
}

export interface ShortVolume {
  /** '' for an anonymous volume. */
  readonly source: string;
  readonly target: string;
  readonly options: readonly string[];
}

/**
 * `[source:]target[:options]` split on colons, a Windows drive letter
 * (`C:`) staying part of its path. The reason as a string when malformed.
 */
export function parseShortVolume(text: string): ShortVolume | string {
  if (text === '') return 'empty volume specification';
  if (text.length <= 2) return { source: '', target: text, options: [] };
  const parts: string[] = [];
  let buffer = '';
  for (const char of text) {
    if (char === ':' && !(buffer.length === 1 && /\p{L}/u.test(buffer))) {
      parts.push(buffer);
      buffer = '';
    } else {
      buffer += char;
    }
  }
  parts.push(buffer);
  if (parts.includes('')) return 'empty section between colons';
  if (parts.length > 3) return 'too many colons';
  if (parts.length === 1) return { source: '', target: parts[0]!, options: [] };
  return { source: parts[0]!, target: parts[1]!, options: parts[2]?.split(',') ?? [] };
}

function applyOption(volume: MutableVolume, option: string, at: At): void {
  if (option === 'ro') volume.read_only = true;
  else if (option === 'rw') delete volume.read_only;
  else if (option === 'nocopy') volume.volume = { ...volume.volume, nocopy: true };
  else if (option === 'z' || option === 'Z') volume.bind = { ...volume.bind, selinux: option };
  else if (PROPAGATION.has(option)) volume.bind = { ...volume.bind, propagation: option };
  else if (!CONSISTENCY.has(option)) at.warn(`unknown volume option ${quoted(option)} is ignored`);
}

/** A host path rather than a volume name: `.`, `/`, `~`, `\\` or a drive letter starts it. */
export function isFilePath(source: string): boolean {
  return /^[./~]/.test(source) || source.startsWith('\\\\') || /^\p{L}:/u.test(source);
}

/** Go's path.Clean, as compose applies it to mount targets: no `.`, `..`, doubled or trailing slash. */
export function cleanTarget(target: string): string {
  const clean = posix.normalize(target);
  return clean.length > 1 && clean.endsWith('/') ? clean.slice(0, -1) : clean;
}

// The long form as written, with its target cleaned, a written `bind:`
// creating the host path by default, and tmpfs units read.
function longVolume(spec: TreeMap, at: At): ServiceVolume {
  const out: Record<string, unknown> = { ...spec };
  if (typeof spec['target'] === 'string' && spec['target'] !== '') out['target'] = cleanTarget(spec['target']);
  const bind = spec['bind'];
  if (isMap(bind) && bind['create_host_path'] === undefined) out['bind'] = { ...bind, create_host_path: true };
  const tmpfs = spec['tmpfs'];
  if (isMap(tmpfs)) {
    const size = tmpfs['size'];
    const mode = tmpfs['mode'];
    out['tmpfs'] = {
      ...tmpfs,
      ...(size !== undefined && size !== null && { size: byteSize(size, at.child('tmpfs', 'size')) }),
      ...(mode !== undefined && mode !== null && { mode: fileMode(mode, at.child('tmpfs', 'mode')) }),
    };
  }
  return out as unknown as ServiceVolume;
}

// As Go reads a number from text: a leading 0 means octal (`01777`).
function fileMode(value: Tree, at: At): number {
  if (typeof value === 'number') return value;
  const text = scalarText(value);
  if (/^0[0-7]*$/.test(text)) return parseInt(text, 8);
  return /^\d+$/.test(text) ? Number(text) : at.fail(`invalid mode ${quoted(text)}`);
}
