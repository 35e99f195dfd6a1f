// Named volumes of the local driver: `<root>/volumes/<name>/_data` holds the
// content, `volume.json` beside it what docker shows about it. Create, remove,
// prune and populate hold the `volumes` lock, so a check (exists? in use?
// empty?) and the change it allows are one step.
import { execFileSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError, EngineErrorCode } from '../../errors.js';
import { withFileLockSync } from '../../state/lock.js';
import { lockPath } from '../../state/paths.js';
import { checkDriver, checkDriverOptions, checkVolumeName, isValidVolumeName, LOCAL_DRIVER, randomVolumeName } from './names.js';
import { readVolume, rfc3339, volumeDataDir, volumeDir, volumesDir, writeVolume, type VolumeRecord } from './record.js';
import { diskUsage, volumeUsers, volumesInUse } from './usage.js';

export interface VolumeSpec {
  /** A random 64-hex name when missing. */
  readonly name?: string;
  readonly driver?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly options?: Readonly<Record<string, string>>;
  readonly anonymous?: boolean;
}

const lock = <T>(root: string, work: () => T) => withFileLockSync(lockPath(root, 'volumes'), 'the volume store', work);

/** Docker's create: an existing volume with the same labels and options is returned as it is. */
export function createVolume(root: string, spec: VolumeSpec = {}): VolumeRecord {
  const name = spec.name === undefined ? randomVolumeName() : checkVolumeName(spec.name);
  checkDriver(spec.driver ?? LOCAL_DRIVER);
  const labels = { ...spec.labels };
  const options = { ...spec.options };
  checkDriverOptions(name, options);
  return lock(root, () => {
    const existing = readVolume(root, name);
    if (existing) {
      if (!sameEntries(existing.Labels, labels) || !sameEntries(existing.Options, options)) {
        throw new EngineError(EngineErrorCode.Conflict, `volume ${name} already exists with different labels or options`, { hint: 'remove it first, or create it with the same ones' });
      }
      return existing;
    }
    mkdirSync(volumeDataDir(root, name), { recursive: true, mode: 0o755 });
    const record: VolumeRecord = {
      Name: name, Driver: LOCAL_DRIVER, Mountpoint: volumeDataDir(root, name), CreatedAt: rfc3339(new Date()),
      Labels: labels, Options: options, Scope: 'local', Anonymous: spec.anonymous === true,
    };
    writeVolume(root, record);
    return record;
  });
}

export function getVolume(root: string, name: string): VolumeRecord {
  const found = isValidVolumeName(name) ? readVolume(root, name) : undefined;
  if (!found) throw new EngineError(EngineErrorCode.NotFound, `no such volume: ${name}`);
  return found;
}

/** Every complete volume, by name; a directory without its volume.json (a create cut short) is skipped. */
export function listVolumes(root: string): VolumeRecord[] {
  let names: string[];
  try {
    names = readdirSync(volumesDir(root));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  return names.filter(isValidVolumeName).sort().flatMap((name) => readVolume(root, name) ?? []);
}

/** Fails for a volume a container references, `force` or not (as docker); `force` only forgives a missing one. */
export function removeVolume(root: string, name: string, force = false): void {
  lock(root, () => {
    if (force && !(isValidVolumeName(name) && readVolume(root, name))) return;
    getVolume(root, name);
    const users = volumeUsers(root).get(name);
    if (users) throw new EngineError(EngineErrorCode.Conflict, `volume ${name} is in use by container ${users.join(', ')}: remove the container first`);
    discard(root, name);
  });
}

export interface PruneResult {
  readonly deleted: string[];
  /** Bytes of the deleted volumes' content. */
  readonly reclaimed: number;
}

/** Unused anonymous volumes, or with `all` every unused one (docker ≥ 23). */
export function pruneVolumes(root: string, options: { all?: boolean } = {}): PruneResult {
  return lock(root, () => {
    const inUse = volumesInUse(root);
    const doomed = listVolumes(root).filter((v) => (options.all || v.Anonymous) && !inUse.has(v.Name));
    let reclaimed = 0;
    for (const volume of doomed) {
      reclaimed += diskUsage(volumeDataDir(root, volume.Name));
      discard(root, volume.Name);
    }
    // Left by a remove that a crash cut short: nothing references them.
    const entries = existsSync(volumesDir(root)) ? readdirSync(volumesDir(root)) : [];
    for (const entry of entries) if (entry.startsWith('.removing-')) rmSync(join(volumesDir(root), entry), { recursive: true, force: true });
    return { deleted: doomed.map((v) => v.Name), reclaimed };
  });
}

/**
 * Docker's copy-up: an empty volume gets what the image has at the mount path
 * (`sourceDir`), once. `cp -a` rather than a Node walk: it keeps owners, modes,
 * times, symlinks, hard links, xattrs and device files, which Node's fs would
 * need a dozen calls per entry to get right. Copied into the existing `_data`
 * (never swapped for a new one) so containers that already mount it see the
 * content. `sourceDir` must be a real directory (not a link): resolving links
 * inside the image's root is the caller's job, as a link followed here would
 * lead into the host. Returns whether anything was copied.
 */
export function populateVolume(root: string, name: string, sourceDir: string): boolean {
  return lock(root, () => {
    const volume = getVolume(root, name);
    const data = volumeDataDir(root, name);
    mkdirSync(data, { recursive: true, mode: 0o755 });
    if (volume.Populated || readdirSync(data).length > 0 || !isDirectory(sourceDir)) return false;
    try {
      execFileSync('cp', ['-a', '--no-target-directory', '--', sourceDir, data], { stdio: ['ignore', 'ignore', 'pipe'] });
    } catch (err) {
      // A half copy must not look like the volume's content: empty it so the next mount tries again.
      for (const entry of readdirSync(data)) rmSync(join(data, entry), { recursive: true, force: true });
      const why = (err as { stderr?: Buffer }).stderr?.toString().trim() || (err as Error).message;
      throw new EngineError(EngineErrorCode.System, `cannot copy ${sourceDir} into volume ${name}: ${why}`, { cause: err });
    }
    writeVolume(root, { ...volume, Populated: true });
    return true;
  });
}

/** Renamed out of sight first, so a crash mid-delete leaves no half volume under its name. */
function discard(root: string, name: string): void {
  const trash = join(volumesDir(root), `.removing-${name}-${randomVolumeName().slice(0, 8)}`);
  renameSync(volumeDir(root, name), trash);
  rmSync(trash, { recursive: true, force: true });
}

function sameEntries(a: Readonly<Record<string, string>>, b: Readonly<Record<string, string>>): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && b[k] === a[k]);
}

function isDirectory(path: string): boolean {
  return lstatSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
}
