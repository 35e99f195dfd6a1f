// Service volume specs (`src:dst:opts` or the long form) → the long form.
import type { ServiceVolume } from './model.js';
import { isLocalPath } from './paths.js';
import { isMap, type Tree, type TreeMap } from './tree.js';
import { parseByteSize } from './units.js';

export class VolumeSyntaxError extends Error {}

const PROPAGATION = new Set(['shared', 'rshared', 'slave', 'rslave', 'private', 'rprivate']);
const CONSISTENCY = new Set(['consistent', 'cached', 'delegated']);

export function normalizeVolume(spec: Tree): ServiceVolume {
  return isMap(spec) ? longVolume(spec) : shortVolume(String(spec));
}

function shortVolume(text: string): ServiceVolume {
  const parts = text.split(':');
  if (parts.length === 1) return { type: 'volume', target: text };
  if (parts.length > 3 || parts[0] === '' || parts[1] === '') throw new VolumeSyntaxError(`invalid volume specification "${text}"`);
  const [source, target, options = ''] = parts as [string, string, string?];
  const isBind = isLocalPath(source);
  const volume: { -readonly [K in keyof ServiceVolume]: ServiceVolume[K] } = isBind
    ? { type: 'bind', source, target, bind: { create_host_path: true } }
    : { type: 'volume', source, target, volume: {} };
  for (const option of options.split(',').filter((o) => o !== '')) applyOption(volume, option, text);
  return volume;
}

function applyOption(volume: { -readonly [K in keyof ServiceVolume]: ServiceVolume[K] }, option: string, text: string): void {
  if (option === 'ro') volume.read_only = true;
  else if (option === 'rw') volume.read_only = false;
  else if (option === 'z' || option === 'Z') volume.bind = { ...volume.bind, selinux: option };
  else if (option === 'nocopy') volume.volume = { ...volume.volume, nocopy: true };
  else if (PROPAGATION.has(option)) volume.bind = { ...volume.bind, propagation: option };
  else if (CONSISTENCY.has(option)) volume.consistency = option;
  else throw new VolumeSyntaxError(`invalid volume option "${option}" in "${text}"`);
}

function longVolume(spec: TreeMap): ServiceVolume {
  const out = { ...spec } as Record<string, unknown>;
  const tmpfs = spec['tmpfs'];
  if (isMap(tmpfs) && tmpfs['size'] !== undefined) {
    const size = parseByteSize(tmpfs['size'] as string | number);
    if (size === undefined) throw new VolumeSyntaxError(`invalid tmpfs size "${String(tmpfs['size'])}"`);
    out['tmpfs'] = { ...tmpfs, size };
  }
  if (typeof spec['target'] !== 'string' || spec['target'] === '') throw new VolumeSyntaxError('a volume needs a target path');
  return out as unknown as ServiceVolume;
}
