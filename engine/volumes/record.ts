// A volume's place in the state store and its volume.json: what docker shows
// about it, read and written in one place.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../state/atomic-write.js';

/** volume.json, with docker's field names. */
export interface VolumeRecord {
  readonly Name: string;
  readonly Driver: 'local';
  readonly Mountpoint: string;
  /** RFC 3339, as docker shows it. */
  readonly CreatedAt: string;
  readonly Labels: Readonly<Record<string, string>>;
  /** Local driver mount options (type, device, o), kept for the container engine to apply. */
  readonly Options: Readonly<Record<string, string>>;
  readonly Scope: 'local';
  /** Made for one container without a name (`-v /path`): `prune` without --all removes only these. */
  readonly Anonymous: boolean;
  /** The image's content was copied in once (see populateVolume). */
  readonly Populated?: boolean;
}

export function volumesDir(root: string): string {
  return join(root, 'volumes');
}

export function volumeDir(root: string, name: string): string {
  return join(volumesDir(root), name);
}

/** The content: what containers mount. */
export function volumeDataDir(root: string, name: string): string {
  return join(volumeDir(root, name), '_data');
}

/** The record, or undefined when the volume does not exist (or its create was cut short). */
export function readVolume(root: string, name: string): VolumeRecord | undefined {
  let text: string;
  try {
    text = readFileSync(join(volumeDir(root, name), 'volume.json'), 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  // The mount point follows the state root, should FLOTILLA_ROOT have moved it.
  return { ...(JSON.parse(text) as VolumeRecord), Mountpoint: volumeDataDir(root, name) };
}

export function writeVolume(root: string, record: VolumeRecord): void {
  writeFileAtomic(join(volumeDir(root, record.Name), 'volume.json'), `${JSON.stringify(record, null, 2)}\n`);
}

/** docker's CreatedAt: seconds precision with the local offset, e.g. 2024-05-01T10:00:00+02:00. */
export function rfc3339(date: Date): string {
  const offset = -date.getTimezoneOffset();
  const pad = (n: number) => String(Math.floor(Math.abs(n))).padStart(2, '0');
  const local = new Date(date.getTime() + offset * 60_000).toISOString().slice(0, 19);
  return `${local}${offset === 0 ? 'Z' : `${offset > 0 ? '+' : '-'}${pad(offset / 60)}:${pad(offset % 60)}`}`;
}
