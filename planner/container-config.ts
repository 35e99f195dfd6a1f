// A compose service → the engine's ContainerConfig for one of its replicas,
// with docker compose's names and labels. Pure: the same project gives the
// same config, which is what the config hash and the dry run rely on.
// The field groups live in planner/service/.
import type { Project, Service } from '../compose-schema/model.js';
import type { ContainerConfig } from '../engine/container/config.js';
import { serviceConfigHash } from './hash.js';
import { COMPOSE_VERSION, Label } from './labels.js';
import { mountFields } from './service/mounts.js';
import { namespaceModes, type PeerContainer } from './service/namespaces.js';
import { networkFields } from './service/network.js';
import { invalidValue } from './service/problems.js';
import { healthcheck, logSettings, noNewPrivileges, processFields, restartPolicy, seccompMode } from './service/process.js';
import { cgroupLimits, devices, ulimits } from './service/resources.js';
import { checkSupported } from './service/unsupported.js';

/** What a service's containers are made from: the project and where it was loaded from (for the labels). */
export interface ProjectContext {
  readonly project: Project;
  /** Absolute project directory. */
  readonly workingDir: string;
  /** Absolute compose file paths, in merge order. */
  readonly configFiles: readonly string[];
  readonly environmentFiles?: readonly string[];
}

export interface ServiceContainerOptions {
  /** The container name to use for another service (network_mode/pid/ipc service:X, volumes_from, links); containerName(project, X, 1) by default. */
  readonly peerContainer?: PeerContainer;
  /** A container of `run`, not one of the service's replicas. */
  readonly oneoff?: boolean;
}

/** `<project>-<service>-<n>`, or the service's container_name (only valid for scale 1). */
export function containerName(project: Project, service: string, number: number): string {
  const fixed = serviceOf(project, service).container_name;
  if (fixed === undefined) return `${project.name}-${service}-${number}`;
  if (number !== 1) throw invalidValue(service, `container_name "${fixed}" names one container, not replica ${number}`);
  return fixed;
}

/** The image to run: the service's, or for a service that is only built, the name docker compose gives the build. */
export function serviceImage(project: Project, service: string): string {
  return serviceOf(project, service).image ?? `${project.name}-${service}`;
}

/**
 * Labels docker compose puts on a service container (project, service,
 * container-number, oneoff, config-hash, depends_on, image, working_dir,
 * config_files, environment_file, version) over the service's own labels.
 * The image label holds the reference; docker compose puts the image's
 * digest there once it has one.
 */
export function serviceLabels(ctx: ProjectContext, service: string, number: number, options: { oneoff?: boolean } = {}): Record<string, string> {
  const svc = serviceOf(ctx.project, service);
  const dependsOn = Object.entries(svc.depends_on ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([dep, d]) => `${dep}:${d.condition}:${d.restart === true}`);
  return {
    ...svc.labels,
    [Label.project]: ctx.project.name,
    [Label.service]: service,
    [Label.containerNumber]: String(number),
    [Label.oneoff]: options.oneoff === true ? 'True' : 'False',
    [Label.configHash]: serviceConfigHash(svc),
    [Label.dependsOn]: dependsOn.join(','),
    [Label.image]: serviceImage(ctx.project, service),
    [Label.workingDir]: ctx.workingDir,
    [Label.configFiles]: ctx.configFiles.join(','),
    ...(ctx.environmentFiles !== undefined && ctx.environmentFiles.length > 0 && { [Label.environmentFile]: ctx.environmentFiles.join(',') }),
    [Label.version]: COMPOSE_VERSION,
  };
}

/**
 * The ContainerConfig of replica `number` of `service`. A field Flotilla
 * cannot honour raises FLOTILLA_COMPOSE_UNSUPPORTED naming it; fields that
 * do not shape a container (depends_on, profiles, hooks, develop…) are the
 * caller's business.
 */
export function serviceContainerConfig(ctx: ProjectContext, service: string, number: number, options: ServiceContainerOptions = {}): ContainerConfig {
  const { project } = ctx;
  const svc = serviceOf(project, service);
  checkSupported(service, svc);
  const peer = options.peerContainer ?? ((other: string) => containerName(project, other, 1));
  const check = healthcheck(svc.healthcheck);
  return {
    image: serviceImage(project, service),
    name: containerName(project, service, number),
    ...processFields(svc),
    labels: serviceLabels(ctx, service, number, { oneoff: options.oneoff === true }),
    ...mountFields(project, service, peer),
    readOnly: svc.read_only === true,
    privileged: svc.privileged === true,
    ...(svc.cap_add !== undefined && { capAdd: [...svc.cap_add] }),
    ...(svc.cap_drop !== undefined && { capDrop: [...svc.cap_drop] }),
    noNewPrivileges: noNewPrivileges(service, svc),
    ...(seccompMode(svc) && { seccomp: seccompMode(svc) }),
    ulimits: ulimits(svc),
    sysctls: { ...svc.sysctls },
    ...(svc.shm_size !== undefined && { shmSize: svc.shm_size }),
    ...(svc.oom_score_adj !== undefined && { oomScoreAdj: svc.oom_score_adj }),
    ...(svc.devices !== undefined && { devices: devices(service, svc) }),
    ...namespaceModes(service, svc, peer),
    ...networkFields(project, service, peer),
    restart: restartPolicy(service, svc),
    ...(check !== undefined && { healthcheck: check }),
    log: logSettings(service, svc),
    resources: cgroupLimits(svc),
  };
}

function serviceOf(project: Project, service: string): Service {
  const svc = project.services[service];
  if (svc === undefined) throw invalidValue(service, 'no such service in the project');
  return svc;
}
