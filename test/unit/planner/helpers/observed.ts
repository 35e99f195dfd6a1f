// Builds the inputs of a reconcile case: a project loaded from YAML held in
// memory, and what exists, made of containers, networks and volumes "as up
// made them" (real configs, labels and hashes), which a case then edits.
import { createHash } from 'node:crypto';
import { loadProject } from '../../../../compose-schema/load.js';
import type { LoaderIO } from '../../../../compose-schema/io.js';
import { serviceContainerConfig, serviceImage, type ProjectContext } from '../../../../planner/container-config.js';
import { COMPOSE_VERSION, Label } from '../../../../planner/labels.js';
import type { Observed, ObservedContainer, ObservedNetwork, ObservedVolume } from '../../../../planner/observed.js';
import { networkConfigHash } from '../../../../planner/reconcile/index.js';

export interface LoadedCase {
  readonly ctx: ProjectContext;
  readonly disabledServices: readonly string[];
}

/** Loads `compose.yaml` (project `demo` unless the file names one) from memory. */
export function loadCase(yaml: string, options: { profiles?: string[] } = {}): LoadedCase {
  const files: Record<string, string> = { '/srv/demo/compose.yaml': yaml };
  const io: LoaderIO = {
    isFile: (path) => path in files,
    exists: (path) => path in files,
    readCompose: (path) => files[path]!,
    readOptional: (path) => files[path],
    readStdin: () => '',
  };
  const loaded = loadProject({ workingDir: '/srv/demo', environment: {}, io, ...(options.profiles && { profiles: options.profiles }) });
  return { ctx: { project: loaded.project, workingDir: '/srv/demo', configFiles: loaded.files }, disabledServices: loaded.disabledServices };
}

/** A stable fake id: 64 hex digits from a seed. */
export function fakeId(seed: string): string {
  return createHash('sha256').update(seed).digest('hex');
}

export function imageIdOf(reference: string): string {
  return `sha256:${fakeId(`image ${reference}`)}`;
}

/** The container `up` would have made for replica `number`, running, with named anonymous volumes. */
export function upContainer(ctx: ProjectContext, service: string, number: number, changes: Partial<ObservedContainer> = {}): ObservedContainer {
  const config = serviceContainerConfig(ctx, service, number);
  const id = changes.id ?? fakeId(`${service} ${number} ${changes.name ?? ''}`);
  const volumes = config.volumes?.map((v, i) => (v.anonymous && !v.name ? { ...v, name: fakeId(`${id} volume ${i}`) } : v));
  const labels = config.labels ?? {};
  return {
    id,
    name: config.name!,
    service,
    number,
    oneoff: false,
    status: 'running',
    exitCode: 0,
    configHash: labels[Label.configHash]!,
    imageId: imageIdOf(serviceImage(ctx.project, service)),
    created: `2024-05-01T10:00:${String(number).padStart(2, '0')}Z`,
    labels,
    config: { ...config, ...(volumes && { volumes }) },
    ...changes,
  };
}

/** The network `up` would have made for `key`. */
export function upNetwork(ctx: ProjectContext, key: string, changes: Partial<ObservedNetwork> = {}): ObservedNetwork {
  const network = ctx.project.networks[key]!;
  return {
    id: fakeId(`network ${network.name}`),
    name: network.name,
    labels: { ...network.labels, [Label.project]: ctx.project.name, [Label.network]: key, [Label.version]: COMPOSE_VERSION, [Label.configHash]: networkConfigHash(network) },
    internal: network.internal === true,
    subnet: '10.99.0.0/24',
    gateway: '10.99.0.1',
    containers: [],
    ...changes,
  };
}

export function upVolume(ctx: ProjectContext, key: string, changes: Partial<ObservedVolume> = {}): ObservedVolume {
  const volume = ctx.project.volumes[key]!;
  return { name: volume.name, driver: volume.driver ?? 'local', labels: { ...volume.labels, [Label.project]: ctx.project.name, [Label.volume]: key, [Label.version]: COMPOSE_VERSION }, ...changes };
}

/**
 * What exists after `up` of the whole project: every replica (scale from the
 * file), network and volume, and every image stored. `except` leaves some out.
 */
export function upState(ctx: ProjectContext, options: { containers?: ObservedContainer[] } = {}): Observed {
  const { project } = ctx;
  const containers =
    options.containers ??
    Object.keys(project.services)
      .sort()
      .flatMap((name) => Array.from({ length: project.services[name]!.scale ?? 1 }, (_, i) => upContainer(ctx, name, i + 1)));
  return {
    project: project.name,
    containers,
    networks: Object.keys(project.networks).filter((key) => !project.networks[key]!.external).sort().map((key) => upNetwork(ctx, key)),
    volumes: Object.keys(project.volumes).filter((key) => !project.volumes[key]!.external).sort().map((key) => upVolume(ctx, key)),
    images: Object.fromEntries(Object.keys(project.services).map((name) => [serviceImage(project, name), imageIdOf(serviceImage(project, name))])),
  };
}

/** Nothing of the project exists, no image is stored. */
export function emptyState(ctx: ProjectContext): Observed {
  return { project: ctx.project.name, containers: [], networks: [], volumes: [], images: {} };
}
