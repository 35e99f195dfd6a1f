// A service's mounts: bind mounts, named and anonymous volumes, tmpfs,
// volumes_from, and the file-backed configs and secrets.
import { posix } from 'node:path';
import type { Project, Service, ServiceFileReference, ServiceVolume } from '../../compose-schema/model.js';
import type { BindMount, ContainerConfig, TmpfsMount, VolumeMountConfig } from '../../engine/container/config.js';
import type { PeerContainer } from './namespaces.js';
import { invalidValue, unsupported } from './problems.js';

interface Mounts {
  binds: BindMount[];
  volumes: VolumeMountConfig[];
  tmpfs: TmpfsMount[];
}

export function mountFields(project: Project, name: string, peer: PeerContainer): Pick<ContainerConfig, 'binds' | 'volumes' | 'tmpfs' | 'volumesFrom'> {
  const service = project.services[name]!;
  const mounts: Mounts = { binds: [], volumes: [], tmpfs: (service.tmpfs ?? []).map(tmpfsEntry) };
  (service.volumes ?? []).forEach((volume, i) => addVolume(mounts, project, name, volume, `volumes[${i}]`));
  mounts.binds.push(...fileMounts(project, name, 'configs'), ...fileMounts(project, name, 'secrets'));
  const volumesFrom = (service.volumes_from ?? []).map((spec) => volumesFromEntry(name, spec, peer));
  return { ...mounts, ...(volumesFrom.length > 0 && { volumesFrom }) };
}

// Settings the engine mounts as docker does by default; anything else is refused.
const DEFAULT_PROPAGATION = new Set(['rprivate', 'private']);

function addVolume(mounts: Mounts, project: Project, name: string, volume: ServiceVolume, field: string): void {
  const readOnly = volume.read_only === true;
  if (volume.type === 'bind') {
    const { propagation, recursive } = volume.bind ?? {};
    if (propagation !== undefined && !DEFAULT_PROPAGATION.has(propagation)) throw unsupported(name, `${field}.bind.propagation "${propagation}"`);
    if (recursive !== undefined && recursive !== 'enabled') throw unsupported(name, `${field}.bind.recursive "${recursive}"`);
    // bind.selinux is accepted as is: without SELinux there is no label to set, as with docker on such a host.
    mounts.binds.push({ source: volume.source!, target: volume.target, readOnly, createHostPath: volume.bind?.create_host_path === true });
  } else if (volume.type === 'volume') {
    if (volume.volume?.subpath !== undefined) throw unsupported(name, `${field}.volume.subpath`);
    if (volume.volume?.labels !== undefined) throw unsupported(name, `${field}.volume.labels`);
    const noCopy = volume.volume?.nocopy === true;
    const common = { target: volume.target, readOnly, ...(noCopy && { noCopy }) };
    if (volume.source === undefined) mounts.volumes.push({ ...common, anonymous: true });
    else mounts.volumes.push({ name: volumeName(project, name, volume.source), ...common });
  } else if (volume.type === 'tmpfs') {
    const options = [volume.tmpfs?.size !== undefined && `size=${volume.tmpfs.size}`, volume.tmpfs?.mode !== undefined && `mode=${volume.tmpfs.mode.toString(8)}`].filter(Boolean).join(',');
    mounts.tmpfs.push(options === '' ? { target: volume.target } : { target: volume.target, options });
  } else {
    throw unsupported(name, `${field} of type ${volume.type}`, 'bind, volume and tmpfs are');
  }
}

function volumeName(project: Project, name: string, key: string): string {
  const volume = project.volumes[key];
  if (volume === undefined) throw invalidValue(name, `volume "${key}" is not defined`);
  return volume.name;
}

/** Service-level tmpfs: `/path` or `/path:size=64m,mode=1777` (mount data as written). */
function tmpfsEntry(spec: string): TmpfsMount {
  const colon = spec.indexOf(':');
  return colon < 0 ? { target: spec } : { target: spec.slice(0, colon), options: spec.slice(colon + 1) };
}

/** `service[:ro|rw]` or `container:NAME[:ro|rw]`. */
function volumesFromEntry(name: string, spec: string, peer: PeerContainer): { container: string; readOnly?: boolean } {
  const parts = spec.split(':');
  const [container, mode] = parts[0] === 'container' ? [parts[1], parts[2]] : [peer(parts[0]!), parts[1]];
  const rest = parts.length - (parts[0] === 'container' ? 3 : 2);
  if (!container || rest > 0 || (mode !== undefined && mode !== 'ro' && mode !== 'rw')) {
    throw invalidValue(name, `volumes_from "${spec}" is not SERVICE[:ro|rw] or container:NAME[:ro|rw]`);
  }
  return mode === undefined ? { container } : { container, readOnly: mode === 'ro' };
}

/**
 * A config or secret backed by a file is that file, bound read-only at its
 * target. One from `content` or `environment` would first have to be
 * written somewhere, and an external one lives in a swarm.
 */
function fileMounts(project: Project, name: string, kind: 'configs' | 'secrets'): BindMount[] {
  const service = project.services[name]!;
  return (service[kind] ?? []).map((ref, i) => {
    const field = `${kind}[${i}]`;
    const definition = project[kind][ref.source];
    if (definition === undefined) throw invalidValue(name, `${kind === 'configs' ? 'config' : 'secret'} "${ref.source}" is not defined`);
    if (definition.file === undefined) throw unsupported(name, `${field} "${ref.source}" (not from a file)`, `only ${kind} with a file are`);
    for (const option of ['uid', 'gid', 'mode'] as const) {
      if (ref[option] !== undefined) throw unsupported(name, `${field}.${option}`, 'the file is mounted with its own owner and mode');
    }
    return { source: definition.file, target: fileTarget(kind, ref), readOnly: true };
  });
}

// A relative target sits under /run/secrets for a secret, under / for a config.
function fileTarget(kind: 'configs' | 'secrets', ref: ServiceFileReference): string {
  const base = kind === 'secrets' ? '/run/secrets' : '/';
  return posix.resolve(base, ref.target ?? ref.source);
}
