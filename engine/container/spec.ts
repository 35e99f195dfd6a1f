// The supervisor's launch spec: NUL-terminated strings, each record a key and
// its values (engine/shim/spec.c reads it). Built purely from the container's
// record, so a restart of the same container gets the same spec.
import { EngineError, EngineErrorCode } from '../../errors.js';
import type { ContainerConfig } from './config.js';
import { DEFAULT_SHM_SIZE, MASKED_PATHS, READONLY_PATHS } from './defaults.js';
import { healthRecords, type ResolvedHealthcheck } from './healthcheck.js';
import type { ContainerPaths } from './layout.js';
import type { ContainerProcess } from './process.js';
import type { SeccompCache } from './seccomp/cache.js';
import { containerSeccomp, seccompRecords, type SeccompHost } from './seccomp/resolve.js';

/** Resource numbers of setrlimit(2), by the names compose and docker use. */
const RLIMITS: Readonly<Record<string, number>> = {
  cpu: 0, fsize: 1, data: 2, stack: 3, core: 4, rss: 5, nproc: 6, nofile: 7, memlock: 8, as: 9,
  locks: 10, sigpending: 11, msgqueue: 12, nice: 13, rtprio: 14, rttime: 15,
};

export interface CgroupFiles {
  /** Files the container's first process writes `0` into to join its cgroups (Cgroup.joinFiles). */
  readonly join: readonly string[];
  /** v2: the cgroup the first process starts in, so it need not join (Cgroup.cloneIntoDir). */
  readonly into?: string;
  /** Directories removed when the container is done. */
  readonly dirs: readonly string[];
  /** memory.oom_control (v1) or memory.events (v2): its oom_kill count. */
  readonly oomFile?: string;
}

export interface SpecInput extends NetworkPreparation {
  readonly paths: ContainerPaths;
  readonly config: ContainerConfig;
  readonly process: ContainerProcess;
  readonly hostname: string;
  /** Unpacked image layers, lowest first. */
  readonly layers: readonly string[];
  readonly capabilities: readonly number[];
  readonly cgroup?: CgroupFiles;
  /** The init binary to bind at /sbin/docker-init when the config asks for one. */
  readonly initBinary?: string;
  /** What to mask on this host (hostMaskedPaths); Docker's fixed list when absent. */
  readonly maskedPaths?: readonly string[];
  readonly healthcheck?: ResolvedHealthcheck;
  /** The volumes' binds (engine/container/volumes.ts), mounted after the config's binds. */
  readonly volumeBinds?: readonly SpecRecord[];
  /** Commands started once the container has ended for good, not waited for (the removal of a detached --rm container). */
  readonly afterExitCommands?: readonly (readonly string[])[];
  /** --pid/--ipc container:NAME: that container's namespaces, which the supervisor enters to start this one in them. */
  readonly joinNamespaces?: readonly { readonly kind: 'pid' | 'ipc'; readonly path: string }[];
  /** --ipc container:NAME: that container's /dev/shm, as the host sees it. */
  readonly shmFrom?: string;
  /** The --device nodes' binds (engine/container/devices.ts), into the container's /dev. */
  readonly deviceBinds?: readonly SpecRecord[];
  /** With `container:`: that container's hostname, hosts and resolv.conf files, shared. */
  readonly etcFrom?: ContainerPaths;
  /** The supervisor's fd the network's records arrive on later (networkRecords), for a start that attaches the network meanwhile. */
  readonly lateFd?: number;
  /** The machine the seccomp profile's conditions are checked against; this one when absent. */
  readonly seccompHost?: SeccompHost;
  /** Where compiled seccomp filters are kept (seccompCache); without it the supervisor compiles its own. */
  readonly seccompCache?: SeccompCache;
}

/** What a container's networks give it to start with. */
export interface NetworkPreparation {
  /** A network namespace to join (its networks, or another container's with `container:`). */
  readonly netnsPath?: string;
  /** netnsPath is the container's own named namespace: the supervisor removes it when the container ends for good. */
  readonly dropNetnsAtExit?: boolean;
  /** Commands (argv, absolute program path) the supervisor runs when the container ends for good. */
  readonly exitCommands?: readonly (readonly string[])[];
  /** With dropNetnsAtExit: commands run at the end only if another process still uses the namespace (a container that joined it). */
  readonly sharedNetnsExitCommands?: readonly (readonly string[])[];
  /** Commands (argv, absolute program path) the supervisor runs once, before the container enters netnsPath: they make it. */
  readonly setupCommands?: readonly (readonly string[])[];
  /** Host ports the supervisor binds and holds while the container lives (published ports). */
  readonly reservations?: readonly { readonly protocol: 'tcp' | 'udp'; readonly hostIp: string; readonly hostPort: number }[];
}

/** Where the init is bound in a container, as Docker does. */
export const INIT_PATH = '/sbin/docker-init';

export type SpecRecord = readonly [string, ...string[]];

export function specRecords(input: SpecInput): SpecRecord[] {
  const { paths, config, process } = input;
  const records: SpecRecord[] = [
    ['rootfs', paths.rootfs],
    ...input.layers.map((dir): SpecRecord => ['lower', dir]),
    ['upper', paths.upper],
    ['work', paths.work],
    ['hostname', input.hostname],
    ...(config.init ? [INIT_PATH, '--'] : []).map((arg): SpecRecord => ['arg', arg]),
    ...process.args.map((arg): SpecRecord => ['arg', arg]),
    ...process.env.map((entry): SpecRecord => ['env', entry]),
    ['cwd', process.workingDir],
    ['user', process.user],
    ...(config.groupAdd ?? []).map((group): SpecRecord => ['group', group]),
    ...input.capabilities.map((cap): SpecRecord => ['cap', String(cap)]),
    ['shm_size', String(config.shmSize ?? DEFAULT_SHM_SIZE)],
    ...(config.oomScoreAdj !== undefined ? [['oom_score_adj', String(config.oomScoreAdj)] as SpecRecord] : []),
    ['state', paths.state],
    ['stop_marker', paths.stopMarker],
    ['log', paths.log, String(config.log?.maxSize ?? 0), String(config.log?.maxFiles ?? 1)],
    ['restart', config.restart?.name ?? 'no', String(config.restart?.maximumRetryCount ?? 0)],
    ['restart_file', paths.restartPolicy],
    ...(config.binds ?? []).map((b): SpecRecord => ['bind', b.source, b.target, b.readOnly ? 'ro' : 'rw']),
    ...(input.volumeBinds ?? []),
    ...(input.deviceBinds ?? []),
    // After the user's mounts, as Docker does: a volume on /etc still gets the container's own files.
    ...etcBinds(input.etcFrom ?? paths, config.readOnly === true).filter(([, , target]) => !(config.binds ?? []).some((b) => b.target === target)),
    ...(config.init && input.initBinary ? [['bind', input.initBinary, INIT_PATH, 'ro'] as SpecRecord] : []),
    ...(config.tmpfs ?? []).map((t): SpecRecord => ['tmpfs', t.target, t.options ?? 'mode=1777']),
    ...Object.entries(config.sysctls ?? {}).map(([key, value]): SpecRecord => ['sysctl', key, value]),
    ...(config.ulimits ?? []).map((u): SpecRecord => ['rlimit', String(rlimitNumber(u.name)), String(u.soft), String(u.hard)]),
    ...cgroupRecords(input.cgroup),
    ...(config.networkMode === 'host' ? [['namespace', 'net', 'host'] as SpecRecord] : []),
    ...(config.pidMode ? [['namespace', 'pid', 'host'] as SpecRecord] : []),
    ...(config.utsMode === 'host' ? [['namespace', 'uts', 'host'] as SpecRecord] : []),
    // A shared IPC namespace takes its /dev/shm too, where POSIX shared memory lives (docker does the same).
    ...(config.ipcMode ? [['namespace', 'ipc', 'host'] as SpecRecord, ['bind', input.shmFrom ?? '/dev/shm', '/dev/shm', 'rw'] as SpecRecord] : []),
    ...(input.joinNamespaces ?? []).map((ns): SpecRecord => ['join_ns', ns.kind, ns.path]),
    ...(input.afterExitCommands ?? []).flatMap((argv): SpecRecord[] => [...argv.map((arg): SpecRecord => ['after_arg', arg]), ['after_run']]),
    ...networkRecords(input),
    ...(input.lateFd !== undefined ? [['late_spec', String(input.lateFd)] as SpecRecord] : []),
    ...healthRecords(input.healthcheck, paths.health),
  ];
  if (config.domainname) records.push(['domainname', config.domainname]);
  if (config.readOnly) records.push(['readonly']);
  if (config.privileged) records.push(['privileged']);
  else records.push(...(input.maskedPaths ?? MASKED_PATHS).map((p): SpecRecord => ['mask', p]), ...READONLY_PATHS.map((p): SpecRecord => ['readonly_path', p]));
  if (config.noNewPrivileges) records.push(['no_new_privs']);
  records.push(...seccompRecords(containerSeccomp(config, input.capabilities, input.seccompHost), input.seccompCache));
  return records;
}

export function encodeSpec(records: readonly SpecRecord[]): Buffer {
  return Buffer.from(records.flatMap((record) => record.map((field) => `${field}\0`)).join(''));
}

function etcBinds(paths: ContainerPaths, readOnly: boolean): SpecRecord[] {
  const mode = readOnly ? 'ro' : 'rw';
  return [
    ['bind', paths.hostname, '/etc/hostname', mode],
    ['bind', paths.hosts, '/etc/hosts', mode],
    ['bind', paths.resolvConf, '/etc/resolv.conf', mode],
  ];
}

function cgroupRecords(cgroup: CgroupFiles | undefined): SpecRecord[] {
  if (!cgroup) return [];
  return [
    ...cgroup.join.map((file): SpecRecord => ['cgroup_join', file]),
    ...(cgroup.into ? [['cgroup_into', cgroup.into] as SpecRecord] : []),
    ...cgroup.dirs.map((dir): SpecRecord => ['cgroup_dir', dir]),
    ...(cgroup.oomFile ? [['oom_file', cgroup.oomFile] as SpecRecord] : []),
  ];
}

/** What the container's networks gave it, as records: in its spec, or sent to the supervisor later (`late_spec`). */
export function networkRecords(network: NetworkPreparation): SpecRecord[] {
  return [
    ...(network.netnsPath ? [['netns_path', network.netnsPath] as SpecRecord] : []),
    ...(network.netnsPath && network.dropNetnsAtExit ? [['netns_drop', '1'] as SpecRecord] : []),
    ...(network.exitCommands ?? []).flatMap((argv): SpecRecord[] => [...argv.map((arg): SpecRecord => ['exit_arg', arg]), ['exit_run']]),
    ...(network.sharedNetnsExitCommands ?? []).flatMap((argv): SpecRecord[] => [...argv.map((arg): SpecRecord => ['shared_exit_arg', arg]), ['shared_exit_run']]),
    ...(network.setupCommands ?? []).flatMap((argv): SpecRecord[] => [...argv.map((arg): SpecRecord => ['setup_arg', arg]), ['setup_run']]),
    ...(network.reservations ?? []).map((r): SpecRecord => ['reserve_port', r.protocol, r.hostIp, String(r.hostPort)]),
  ];
}

function rlimitNumber(name: string): number {
  const n = RLIMITS[name.toLowerCase().replace(/^rlimit_/, '')];
  if (n === undefined) throw new EngineError(EngineErrorCode.InvalidConfig, `unknown ulimit "${name}"`);
  return n;
}
