// A container's volumes: the named ones it asks for (made if missing, as
// docker run does), an anonymous one for each unnamed mount and for each
// path in the image's VOLUME list that nothing else covers; and the binds
// the supervisor makes of them.
import { EngineError, EngineErrorCode } from '../../errors.js';
import { createVolume, removeVolume } from '../volumes/volume-store.js';
import { readVolume, volumeDataDir } from '../volumes/record.js';
import type { ContainerConfig, VolumeMountConfig } from './config.js';
import type { SpecRecord } from './spec.js';
import { findContainer } from './store.js';

/** The config's volumes with every name filled in, the volumes made or found in the store. */
export function resolveVolumes(root: string, config: ContainerConfig, imageVolumes: Readonly<Record<string, unknown>> | undefined): VolumeMountConfig[] {
  const covered = new Set([...(config.binds ?? []), ...(config.volumes ?? []), ...(config.tmpfs ?? [])].map((m) => normalize(m.target)));
  const fromImage = Object.keys(imageVolumes ?? {})
    .filter((target) => !covered.has(normalize(target)))
    .map((target): VolumeMountConfig => ({ target }));
  return [...(config.volumes ?? []), ...fromImage].map((mount) => {
    // A named volume that exists is used as it is, whatever its labels (as docker's -v does).
    const existing = mount.name === undefined ? undefined : readVolume(root, mount.name);
    const volume = existing ?? createVolume(root, mount.name === undefined ? { anonymous: true } : { name: mount.name });
    if (volume.Options['type'] !== undefined) {
      throw new EngineError(EngineErrorCode.InvalidConfig, `volume ${volume.Name} has driver options (type=${volume.Options['type']}): mounting those is not supported yet`);
    }
    return { ...mount, name: volume.Name, ...(mount.name === undefined && { anonymous: true }) };
  });
}

/**
 * --volumes-from: the binds and volumes of other containers, read-only if
 * asked; the container's own mounts win where targets meet.
 */
export function inheritedMounts(root: string, config: ContainerConfig): Pick<ContainerConfig, 'binds' | 'volumes'> {
  const own = new Set([...(config.binds ?? []), ...(config.volumes ?? []), ...(config.tmpfs ?? [])].map((m) => normalize(m.target)));
  const binds = [...(config.binds ?? [])];
  const volumes = [...(config.volumes ?? [])];
  for (const from of config.volumesFrom ?? []) {
    const source = findContainer(root, from.container).record.config;
    const readOnly = (mount: { readOnly?: boolean }) => from.readOnly === undefined ? mount.readOnly === true : from.readOnly;
    for (const bind of source.binds ?? []) if (!own.has(normalize(bind.target))) binds.push({ ...bind, readOnly: readOnly(bind), createHostPath: false });
    // Shared, not anonymous here: removing this container must not take them.
    for (const volume of source.volumes ?? []) if (!own.has(normalize(volume.target))) volumes.push({ name: volume.name!, target: volume.target, readOnly: readOnly(volume) });
  }
  return { binds, volumes };
}

/** Binds of the volumes' directories; a new, empty volume takes the image's content unless nocopy. */
export function volumeBindRecords(root: string, volumes: readonly VolumeMountConfig[]): SpecRecord[] {
  return volumes.map((v): SpecRecord => ['bind', volumeDataDir(root, v.name!), v.target, `${v.readOnly ? 'ro' : 'rw'}${v.noCopy ? '' : ',copyup'}`]);
}

/** `rm -v` and `run --rm`: the anonymous volumes go with the container. */
export function removeAnonymousVolumes(root: string, volumes: readonly VolumeMountConfig[]): void {
  for (const volume of volumes) if (volume.anonymous && volume.name) removeVolume(root, volume.name, true);
}

function normalize(path: string): string {
  return path.replace(/\/+$/, '') || '/';
}
