// What a container may be: options that clash, options that need others,
// values out of range. Checked by createContainer before anything is made,
// so a compose service and a `container run` are held to the same rules;
// the flag parser only reads flag syntax. Messages name options through the
// caller's namer (see ContainerConfigError): config fields here, flags in cli/.
import { availableParallelism } from 'node:os';
import { ContainerConfigError, type OptionNamer } from '../../errors.js';
import type { ContainerConfig } from './config.js';

/** docker's name for its default network: it takes no network-scoped aliases. */
const DEFAULT_NETWORK_NAME = 'bridge';

/** What the host offers, which some limits are checked against. */
export interface HostCapacity {
  /** CPUs the host has (docker's limit for --cpus). */
  readonly cpus: number;
}

type Check = (config: ContainerConfig, host: HostCapacity) => ((name: OptionNamer) => string) | undefined;

const CHECKS: readonly Check[] = [restartPolicy, utsMode, networkMode, networkAliases, oomScoreAdj, cpus, memory, healthRetries, ulimits];

/** Throws ContainerConfigError for the first rule the config breaks. */
export function validateConfig(config: ContainerConfig, host: HostCapacity = { cpus: availableParallelism() }): void {
  for (const check of CHECKS) {
    const describe = check(config, host);
    if (describe) throw new ContainerConfigError(describe);
  }
}

// A container removed once it ends cannot also be restarted when it ends.
function restartPolicy({ restart, autoRemove }: ContainerConfig): ReturnType<Check> {
  if (autoRemove && restart && restart.name !== 'no') return (n) => `conflicting options: ${n('restart')} and ${n('autoRemove')}`;
  const count = restart?.maximumRetryCount;
  if (count === undefined) return undefined;
  if (restart!.name !== 'on-failure') return (n) => `invalid ${n('restart')} "${restart!.name}:${count}": only on-failure takes a retry count`;
  if (!Number.isInteger(count) || count < 0) return (n) => `invalid ${n('restart')} "on-failure:${count}": the retry count is a whole number, 0 or more`;
  return undefined;
}

// The host's UTS namespace has the host's name: the container cannot have its own.
function utsMode({ utsMode: mode, hostname }: ContainerConfig): ReturnType<Check> {
  return mode === 'host' && hostname !== undefined ? (n) => `conflicting options: ${n('hostname')} and ${n('utsMode')} host` : undefined;
}

// Ports, networks and links are made on the container's own bridge
// endpoints; without any (none, host, another container's) there is nothing to make them on.
function networkMode({ networkMode: mode = 'none', ports, publishAll, networks, links }: ContainerConfig): ReturnType<Check> {
  if (mode === 'bridge') return undefined;
  if (mode === 'container:') return (n) => `${n('networkMode')} container: needs a container name`;
  if ((ports?.length ?? 0) > 0 || publishAll) return (n) => `cannot publish ports with ${n('networkMode')} ${mode}`;
  if ((networks?.length ?? 0) > 0 || (links?.length ?? 0) > 0) return (n) => `${n('networks')} and ${n('links')} need a bridge network, not ${n('networkMode')} ${mode}`;
  return undefined;
}

function networkAliases({ networks }: ContainerConfig): ReturnType<Check> {
  const onDefault = (networks ?? []).some((n) => n.network === DEFAULT_NETWORK_NAME && (n.aliases?.length ?? 0) > 0);
  return onDefault ? () => 'network-scoped aliases are only supported for user-defined networks' : undefined;
}

// The kernel's own range for /proc/PID/oom_score_adj.
function oomScoreAdj({ oomScoreAdj: value }: ContainerConfig): ReturnType<Check> {
  if (value === undefined || (Number.isInteger(value) && value >= -1000 && value <= 1000)) return undefined;
  return (n) => `invalid ${n('oomScoreAdj')} "${value}": between -1000 and 1000`;
}

// CFS cannot give a container more CPU time than the host has; docker refuses it rather than capping it silently.
function cpus({ resources }: ContainerConfig, host: HostCapacity): ReturnType<Check> {
  const value = resources?.cpus;
  if (value === undefined) return undefined;
  if (!Number.isFinite(value) || value <= 0) return (n) => `invalid ${n('resources.cpus')} "${value}": a positive number`;
  if (value <= host.cpus) return undefined;
  return (n) => `invalid ${n('resources.cpus')} "${value}": the range is from 0.01 to ${host.cpus.toFixed(2)}, as there are only ${host.cpus} CPUs available`;
}

/** docker's floor for a memory limit: below it the container's own start-up does not fit, and it dies half-made. */
export const MIN_MEMORY_BYTES = 6 * 1024 * 1024;

// -1 (or 0) means no limit; a real limit below the floor is refused before anything is made.
function memory({ resources }: ContainerConfig): ReturnType<Check> {
  for (const field of ['memory', 'memoryReservation'] as const) {
    const value = resources?.[field];
    if (value === undefined || value <= 0 || value >= MIN_MEMORY_BYTES) continue;
    return (n) => `invalid ${n(`resources.${field}`)} "${value}": the minimum allowed is 6 MiB (6291456 bytes)`;
  }
  return undefined;
}

function healthRetries({ healthcheck }: ContainerConfig): ReturnType<Check> {
  const value = healthcheck?.retries;
  if (value === undefined || (Number.isInteger(value) && value >= 0)) return undefined;
  return (n) => `invalid ${n('healthcheck.retries')} "${value}": a whole number, 0 or more`;
}

// -1 is unlimited; a soft limit above the hard one is refused by setrlimit at start, too late to say which.
function ulimits({ ulimits: list }: ContainerConfig): ReturnType<Check> {
  const aboveHard = (u: { soft: number; hard: number }) => u.hard !== -1 && (u.soft === -1 || u.soft > u.hard);
  const bad = (list ?? []).find(aboveHard);
  if (!bad) return undefined;
  return (n) => `invalid ${n('ulimits')} "${bad.name}=${bad.soft}:${bad.hard}": the soft limit is above the hard one`;
}
