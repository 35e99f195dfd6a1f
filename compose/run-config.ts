// The container of `run`: the service as the file describes it, with the
// command line's changes applied first (as docker compose's applyRunOptions
// does), then made into a ContainerConfig like any replica, marked as a
// one-off. Pure: the same inputs give the same config.
import { posix } from 'node:path';
import { At } from '../compose-schema/normalize-context.js';
import { shortPort } from '../compose-schema/normalize-ports.js';
import { normalizeVolumes } from '../compose-schema/normalize-volumes.js';
import type { Service, ServicePort, ServiceVolume } from '../compose-schema/model.js';
import type { ContainerConfig } from '../engine/engine.js';
import { serviceContainerConfig, type ProjectContext } from '../planner/container-config.js';

/** What `run` may change of the service, flag by flag. */
export interface OneOffSettings {
  /** Replaces the service's command. */
  readonly command?: readonly string[];
  /** Replaces the service's entrypoint (and, with no command given, drops its command); `[]` clears it. */
  readonly entrypoint?: readonly string[];
  /** The container's name; `<project>-<service>-run-<12 hex>` when absent. */
  readonly name?: string;
  /** KEY=VALUE over the service's environment; a bare KEY takes the project environment's value, or is left out. */
  readonly env?: readonly string[];
  readonly labels?: Readonly<Record<string, string>>;
  readonly user?: string;
  readonly workingDir?: string;
  /** Mounts in the compose short syntax (`./src:/src:ro`, `data:/data`, `/scratch`), after the service's. */
  readonly volumes?: readonly string[];
  /** Ports to publish in the compose short syntax (`8080:80`); the service's own only with servicePorts. */
  readonly publish?: readonly string[];
  readonly servicePorts?: boolean;
  /** Join the networks under the service's aliases (and name), so others reach the one-off by them. */
  readonly useAliases?: boolean;
  readonly capAdd?: readonly string[];
  readonly capDrop?: readonly string[];
  /** Remove the container once it has ended (--rm). */
  readonly remove?: boolean;
  readonly tty?: boolean;
  /** Keep stdin open: an attached run hands it the caller's stdin. */
  readonly interactive?: boolean;
}

/** docker compose's label on a one-off: the random id its name ends with. */
export const SLUG_LABEL = 'com.docker.compose.slug';

/** The one-off's config; `slug` is 64 hex digits, the first 12 of which end its default name. */
export function oneOffConfig(ctx: ProjectContext, service: string, settings: OneOffSettings, slug: string, environment: ReadonlyMap<string, string>): ContainerConfig {
  const base = ctx.project.services[service]!;
  const changed = applySettings(ctx, service, base, settings, slug, environment);
  const project = { ...ctx.project, services: { ...ctx.project.services, [service]: changed } };
  const config = serviceContainerConfig({ ...ctx, project }, service, 1, { oneoff: true });
  return {
    ...config,
    labels: { ...config.labels, [SLUG_LABEL]: slug },
    ...(config.networks && !settings.useAliases && { networks: config.networks.map(({ aliases: _aliases, ...attachment }) => attachment) }),
    ...(settings.remove && { autoRemove: true }),
  };
}

function applySettings(ctx: ProjectContext, service: string, base: Service, settings: OneOffSettings, slug: string, environment: ReadonlyMap<string, string>): Service {
  const capAdd = [...(base.cap_add ?? []).filter((c) => !settings.capDrop?.includes(c)), ...(settings.capAdd ?? [])];
  const capDrop = [...(base.cap_drop ?? []).filter((c) => !settings.capAdd?.includes(c)), ...(settings.capDrop ?? [])];
  const command = settings.command?.length ? settings.command : settings.entrypoint !== undefined ? [] : base.command;
  const { restart: _restart, deploy, ...rest } = base;
  return {
    ...rest,
    ...(deploy && { deploy: { ...deploy, restart_policy: undefined } }),
    container_name: settings.name ?? `${ctx.project.name}-${service}-run-${slug.slice(0, 12)}`,
    ...(command !== undefined && { command }),
    ...(settings.entrypoint !== undefined && { entrypoint: settings.entrypoint }),
    ...(settings.user !== undefined && { user: settings.user }),
    ...(settings.workingDir !== undefined && { working_dir: settings.workingDir }),
    ...(capAdd.length > 0 && { cap_add: capAdd }),
    ...(capDrop.length > 0 && { cap_drop: capDrop }),
    environment: { ...base.environment, ...commandLineEnvironment(settings.env ?? [], environment) },
    labels: { ...base.labels, ...settings.labels },
    ports: [...(settings.servicePorts ? (base.ports ?? []) : []), ...publishedPorts(settings.publish ?? [])],
    volumes: [...(base.volumes ?? []), ...mounts(ctx.workingDir, settings.volumes ?? [])],
    tty: settings.tty === true,
    stdin_open: settings.interactive === true,
  } as Service;
}

/** -e KEY=VALUE, and -e KEY from the project environment (left out when it has none, as docker compose does). */
function commandLineEnvironment(entries: readonly string[], environment: ReadonlyMap<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const key = eq < 0 ? entry : entry.slice(0, eq);
    const value = eq < 0 ? environment.get(key) : entry.slice(eq + 1);
    if (value !== undefined) result[key] = value;
  }
  return result;
}

// Flags have no place in a file: problems are reported against the flag's name.
const noPosition = { locate: () => undefined };

function publishedPorts(specs: readonly string[]): ServicePort[] {
  return specs.flatMap((spec) => shortPort(spec, new At(['--publish'], noPosition)));
}

/** -v in the short syntax; a relative host path is taken from the project directory, as in the file. */
function mounts(projectDir: string, specs: readonly string[]): ServiceVolume[] {
  return normalizeVolumes([...specs], new At(['--volume'], noPosition)).map((volume) =>
    volume.type === 'bind' && volume.source !== undefined && !posix.isAbsolute(volume.source) ? { ...volume, source: posix.resolve(projectDir, volume.source) } : volume,
  );
}
