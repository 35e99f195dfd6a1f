// The process a container runs, worked out as Docker does from the image's
// config and the container's overrides. Pure.
import { EngineError, EngineErrorCode } from '../../errors.js';
import type { ContainerConfig } from './config.js';
import type { ImageHealthcheck } from './healthcheck.js';
import { CAPABILITIES, DEFAULT_CAPABILITIES, DEFAULT_PATH } from './defaults.js';

/** The parts of an OCI image config the engine uses. */
export interface ImageProcessConfig {
  readonly Env?: readonly string[];
  readonly Cmd?: readonly string[] | null;
  readonly Entrypoint?: readonly string[] | null;
  readonly WorkingDir?: string;
  readonly User?: string;
  readonly StopSignal?: string;
  readonly Healthcheck?: ImageHealthcheck;
  /** Paths that get an anonymous volume unless something else is mounted there. */
  readonly Volumes?: Readonly<Record<string, unknown>> | null;
  /** `80/tcp` keys: what -P publishes. */
  readonly ExposedPorts?: Readonly<Record<string, unknown>> | null;
}

export interface ContainerProcess {
  readonly args: readonly string[];
  readonly env: readonly string[];
  readonly workingDir: string;
  readonly user: string;
}

export function containerProcess(image: ImageProcessConfig, config: ContainerConfig, hostname: string): ContainerProcess {
  // An entrypoint given on create also drops the image's Cmd (docker's rule).
  const entrypoint = config.entrypoint ?? image.Entrypoint ?? [];
  const cmd = config.cmd ?? (config.entrypoint !== undefined ? [] : (image.Cmd ?? []));
  const args = [...entrypoint, ...cmd];
  if (args.length === 0) throw new EngineError(EngineErrorCode.InvalidConfig, 'no command specified: the image has no Cmd or Entrypoint and none was given');
  return {
    args,
    // Docker sets TERM for a container with a terminal.
    env: mergeEnv([`PATH=${DEFAULT_PATH}`, `HOSTNAME=${hostname}`, ...(config.tty ? ['TERM=xterm'] : [])], image.Env ?? [], config.env ?? []),
    workingDir: config.workingDir || image.WorkingDir || '/',
    user: config.user ?? image.User ?? '',
  };
}

/** Later lists win by key; order of first appearance is kept. */
export function mergeEnv(...lists: (readonly string[])[]): string[] {
  const merged = new Map<string, string>();
  for (const entry of lists.flat()) {
    const eq = entry.indexOf('=');
    merged.set(eq < 0 ? entry : entry.slice(0, eq), entry);
  }
  return [...merged.values()].filter((e) => e.includes('='));
}

/** The capability numbers a container keeps: Docker's 14, adjusted by cap_add / cap_drop (`ALL` allowed). */
export function capabilitySet(config: Pick<ContainerConfig, 'capAdd' | 'capDrop' | 'privileged'>, canFilterDevices = true): number[] {
  const all = Object.keys(CAPABILITIES);
  if (config.privileged) return all.map((name) => CAPABILITIES[name]!);
  const names = (list: readonly string[] | undefined) => (list ?? []).map(capabilityName);
  const add = names(config.capAdd);
  const drop = names(config.capDrop);
  let set = new Set(add.includes('ALL') ? all : [...DEFAULT_CAPABILITIES, ...add]);
  if (drop.includes('ALL')) set = new Set(add.filter((c) => c !== 'ALL'));
  for (const name of drop) set.delete(name);
  // Without a device cgroup, mknod would let a container open any device.
  if (!canFilterDevices && !add.includes('MKNOD')) set.delete('MKNOD');
  return [...set].map((name) => CAPABILITIES[name]!).sort((a, b) => a - b);
}

function capabilityName(raw: string): string {
  const name = raw.toUpperCase().replace(/^CAP_/, '');
  if (name !== 'ALL' && CAPABILITIES[name] === undefined) throw new EngineError(EngineErrorCode.InvalidConfig, `unknown capability: "${raw}"`);
  return name;
}
