// Turns `container create/run` flags into the engine's ContainerConfig,
// with docker's syntax for each flag. Pure apart from reading --env-file.
// What a container may be (clashing options, values out of range) is the
// engine's to say (engine/container/validate.ts); flagError names its
// options as the flags they came from.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import { ContainerConfigError, FlotillaError, UsageError } from '../../errors.js';
import { seccompSecurityOption, type BindMount, type ContainerConfig, type DeviceMapping, type RestartPolicyName, type SharedNamespaceMode, type TmpfsMount, type VolumeMountConfig } from '../../engine/container/index.js';
import type { CgroupLimits } from '../../engine/cgroups/index.js';
import { parsePublish } from './publish-syntax.js';

export interface CreateFlags {
  name?: string;
  env?: string[];
  envFile?: string[];
  labelFile?: string[];
  device?: string[];
  oomScoreAdj?: string;
  cidfile?: string;
  workdir?: string;
  user?: string;
  groupAdd?: string[];
  hostname?: string;
  domainname?: string;
  pid?: string;
  ipc?: string;
  uts?: string;
  label?: string[];
  volume?: string[];
  mount?: string[];
  volumesFrom?: string[];
  tmpfs?: string[];
  readOnly?: boolean;
  entrypoint?: string;
  privileged?: boolean;
  capAdd?: string[];
  capDrop?: string[];
  securityOpt?: string[];
  ulimit?: string[];
  sysctl?: string[];
  shmSize?: string;
  network?: string;
  networkAlias?: string[];
  ip?: string;
  macAddress?: string;
  publish?: string[];
  publishAll?: boolean;
  expose?: string[];
  link?: string[];
  dns?: string[];
  dnsSearch?: string[];
  dnsOption?: string[];
  addHost?: string[];
  restart?: string;
  stopSignal?: string;
  stopTimeout?: string;
  logOpt?: string[];
  rm?: boolean;
  init?: boolean;
  healthCmd?: string;
  healthInterval?: string;
  healthTimeout?: string;
  healthRetries?: string;
  healthStartPeriod?: string;
  healthStartInterval?: string;
  /** commander's --no-healthcheck sets this to false. */
  healthcheck?: boolean;
  memory?: string;
  memorySwap?: string;
  memoryReservation?: string;
  cpus?: string;
  cpuShares?: string;
  cpusetCpus?: string;
  cpusetMems?: string;
  pidsLimit?: string;
  interactive?: boolean;
  tty?: boolean;
}

export function containerConfig(image: string, args: readonly string[], flags: CreateFlags, env: NodeJS.ProcessEnv = process.env): ContainerConfig {
  // Files first: a --label of the same key wins, as docker has it.
  const labels = keyValues([...(flags.labelFile ?? []).flatMap((file) => fileLines(file, '--label-file')), ...(flags.label ?? [])], '--label', true);
  const logOpts = keyValues(flags.logOpt ?? [], '--log-opt');
  const mounts = longMounts(flags.mount ?? []);
  const shortVolumes = splitVolumes(flags.volume ?? []);
  return {
    image,
    ...(flags.name !== undefined && { name: flags.name }),
    ...(args.length > 0 && { cmd: [...args] }),
    ...(flags.entrypoint !== undefined && { entrypoint: flags.entrypoint === '' ? [] : [flags.entrypoint] }),
    env: [...(flags.envFile ?? []).flatMap((file) => envFileEntries(file, env)), ...(flags.env ?? []).map((e) => envEntry(e, env))].filter((e): e is string => e !== undefined),
    ...(flags.workdir !== undefined && { workingDir: flags.workdir }),
    ...(flags.user !== undefined && { user: flags.user }),
    ...(flags.groupAdd && { groupAdd: flags.groupAdd }),
    ...(flags.hostname !== undefined && { hostname: flags.hostname }),
    ...(flags.domainname !== undefined && { domainname: flags.domainname }),
    ...(Object.keys(labels).length > 0 && { labels }),
    binds: [...shortVolumes.binds, ...mounts.binds],
    volumes: [...shortVolumes.volumes, ...mounts.volumes],
    ...(flags.volumesFrom && { volumesFrom: flags.volumesFrom.map(volumesFrom) }),
    tmpfs: [...(flags.tmpfs ?? []).map(tmpfsMount), ...mounts.tmpfs],
    readOnly: flags.readOnly === true,
    privileged: flags.privileged === true,
    ...(flags.capAdd && { capAdd: flags.capAdd }),
    ...(flags.capDrop && { capDrop: flags.capDrop }),
    noNewPrivileges: noNewPrivileges(flags.securityOpt ?? []),
    ...seccomp(flags.securityOpt ?? []),
    ulimits: (flags.ulimit ?? []).map(ulimit),
    sysctls: keyValues(flags.sysctl ?? [], '--sysctl'),
    ...(flags.shmSize !== undefined && { shmSize: parseBytes(flags.shmSize, '--shm-size') }),
    ...networking(flags),
    ...namespaceModes(flags),
    ...(flags.device && { devices: flags.device.map(device) }),
    ...(flags.oomScoreAdj !== undefined && { oomScoreAdj: integer(flags.oomScoreAdj, '--oom-score-adj') }),
    restart: restartPolicy(flags.restart ?? 'no'),
    ...(flags.stopSignal !== undefined && { stopSignal: flags.stopSignal }),
    ...(flags.stopTimeout !== undefined && { stopTimeout: integer(flags.stopTimeout, '--stop-timeout') }),
    ...(flags.rm && { autoRemove: true }),
    ...(flags.init && { init: true }),
    ...(flags.interactive && { openStdin: true }),
    ...(flags.tty && { tty: true }),
    ...healthcheck(flags),
    resources: resources(flags),
    log: {
      ...(logOpts['max-size'] !== undefined && { maxSize: parseBytes(logOpts['max-size'], '--log-opt max-size') }),
      ...(logOpts['max-file'] !== undefined && { maxFiles: integer(logOpts['max-file'], '--log-opt max-file') }),
    },
  };
}

/**
 * --security-opt: Flotilla has no AppArmor or SELinux profiles to load, so
 * only the options that ask for none of them are accepted; anything else is
 * refused rather than silently run with less confinement than asked.
 * seccomp= is the engine's to read (see seccomp below).
 */
function noNewPrivileges(options: readonly string[]): boolean {
  let enabled = false;
  for (const option of options) {
    const nnp = /^no-new-privileges(?:[:=](true|false))?$/.exec(option);
    if (nnp) enabled = nnp[1] !== 'false';
    else if (!/^seccomp[:=]|^apparmor[:=]unconfined$|^label[:=]disable$/.test(option)) {
      throw new UsageError(`unsupported --security-opt "${option}": only no-new-privileges[:true|false], seccomp=unconfined|PROFILE.json, apparmor=unconfined and label=disable are accepted`);
    }
  }
  return enabled;
}

/** seccomp=unconfined or seccomp=PROFILE.json, the last one winning; none given, the engine's default profile. */
function seccomp(options: readonly string[]): Pick<ContainerConfig, 'seccomp'> {
  const chosen = options.map((option) => seccompSecurityOption(option)).filter((value) => value !== undefined).at(-1);
  return chosen === undefined ? {} : { seccomp: chosen };
}

export function resources(flags: Pick<CreateFlags, 'memory' | 'memorySwap' | 'memoryReservation' | 'cpus' | 'cpuShares' | 'cpusetCpus' | 'cpusetMems' | 'pidsLimit'>): CgroupLimits {
  const bytes = (text: string | undefined, flag: string) => (text === undefined ? undefined : text === '-1' ? -1 : parseBytes(text, flag));
  const limits: CgroupLimits = {
    memory: bytes(flags.memory, '--memory'),
    memorySwap: bytes(flags.memorySwap, '--memory-swap'),
    memoryReservation: bytes(flags.memoryReservation, '--memory-reservation'),
    cpus: flags.cpus === undefined ? undefined : decimal(flags.cpus, '--cpus'),
    cpuShares: flags.cpuShares === undefined ? undefined : integer(flags.cpuShares, '--cpu-shares'),
    cpusetCpus: flags.cpusetCpus,
    cpusetMems: flags.cpusetMems,
    pidsLimit: flags.pidsLimit === undefined ? undefined : integer(flags.pidsLimit, '--pids-limit'),
  };
  return Object.fromEntries(Object.entries(limits).filter(([, v]) => v !== undefined)) as CgroupLimits;
}

function healthcheck(flags: CreateFlags): Pick<ContainerConfig, 'healthcheck'> {
  if (flags.healthcheck === false) return { healthcheck: { test: ['NONE'] } };
  const duration = (text: string | undefined, flag: string) => (text === undefined ? undefined : parseDuration(text, flag));
  const check = {
    ...(flags.healthCmd !== undefined && { test: ['CMD-SHELL', flags.healthCmd] }),
    interval: duration(flags.healthInterval, '--health-interval'),
    timeout: duration(flags.healthTimeout, '--health-timeout'),
    startPeriod: duration(flags.healthStartPeriod, '--health-start-period'),
    startInterval: duration(flags.healthStartInterval, '--health-start-interval'),
    retries: flags.healthRetries === undefined ? undefined : integer(flags.healthRetries, '--health-retries'),
  };
  const set = Object.fromEntries(Object.entries(check).filter(([, v]) => v !== undefined));
  return Object.keys(set).length > 0 ? { healthcheck: set } : {};
}

/** Go-style durations: `30s`, `1m30s`, `500ms`, `1h`; milliseconds out. */
export function parseDuration(text: string, flag: string): number {
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw new UsageError(`invalid ${flag} "${text}": a duration such as 30s or 1m30s`);
  return parts.reduce((sum, p) => sum + Number(p[1]) * units[p[2]!]!, 0);
}

function decimal(text: string, flag: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n)) throw new UsageError(`invalid ${flag} "${text}": a positive number`);
  return n;
}

function envEntry(entry: string, env: NodeJS.ProcessEnv): string | undefined {
  if (entry.includes('=')) return entry;
  // `-e NAME` passes the variable through only when it is set.
  return env[entry] === undefined ? undefined : `${entry}=${env[entry]}`;
}

function envFileEntries(file: string, env: NodeJS.ProcessEnv): (string | undefined)[] {
  return fileLines(file, '--env-file').map((line) => envEntry(line, env));
}

/**
 * --cidfile: refused before anything is made if the file exists (another
 * container may own it), then given the new container's ID.
 */
export function cidFile(flags: Pick<CreateFlags, 'cidfile'>): { readonly write: (id: string) => void } {
  const path = flags.cidfile;
  if (path !== undefined && existsSync(path)) throw new UsageError(`container ID file found, make sure the other container is not running or delete ${path}`);
  return {
    write: (id) => {
      if (path === undefined) return;
      try {
        writeFileSync(path, id, { flag: 'wx' });
      } catch (err) {
        throw new FlotillaError('FLOTILLA_CIDFILE', `cannot write the container ID file ${path}: ${(err as Error).message}`);
      }
    },
  };
}

/** The lines of an --env-file or --label-file, without blank lines and # comments. */
function fileLines(file: string, flag: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${flag} ${file}: ${(err as Error).message}`);
  }
  return text.split(/\r?\n/).filter((line) => line.trim() !== '' && !line.trimStart().startsWith('#'));
}

/** -v: `/host:/ctr[:ro]` binds, `name:/ctr[:ro,nocopy]` named volumes, `/ctr` anonymous volumes. */
function splitVolumes(specs: readonly string[]): { binds: BindMount[]; volumes: VolumeMountConfig[] } {
  const binds: BindMount[] = [];
  const volumes: VolumeMountConfig[] = [];
  for (const spec of specs) {
    const parts = spec.split(':');
    if (parts.length === 1) {
      if (!isAbsolute(spec)) throw new UsageError(`invalid volume "${spec}": the container path must be absolute`);
      volumes.push({ target: spec });
      continue;
    }
    const [source, target, mode = '', ...rest] = parts;
    const options = mode.split(',').filter(Boolean);
    if (!source || !target || rest.length > 0 || options.some((o) => !['ro', 'rw', 'nocopy'].includes(o))) throw new UsageError(`invalid volume "${spec}": expected SOURCE:/container/path[:ro|rw]`);
    if (!isAbsolute(target)) throw new UsageError(`invalid volume "${spec}": the container path must be absolute`);
    const readOnly = options.includes('ro');
    if (isAbsolute(source)) binds.push({ source, target, readOnly, createHostPath: true });
    else volumes.push({ name: source, target, readOnly, ...(options.includes('nocopy') && { noCopy: true }) });
  }
  return { binds, volumes };
}

/** --mount type=bind|volume|tmpfs,source=…,target=…[,readonly][,volume-nocopy][,tmpfs-size=…][,tmpfs-mode=…] */
function volumesFrom(spec: string): { container: string; readOnly?: boolean } {
  const [container, mode, ...rest] = spec.split(':');
  if (!container || rest.length > 0 || (mode !== undefined && !['ro', 'rw'].includes(mode))) throw new UsageError(`invalid --volumes-from "${spec}": expected CONTAINER[:ro|rw]`);
  return mode === undefined ? { container } : { container, readOnly: mode === 'ro' };
}

function longMounts(specs: readonly string[]): { binds: BindMount[]; tmpfs: TmpfsMount[]; volumes: VolumeMountConfig[] } {
  const binds: BindMount[] = [];
  const tmpfs: TmpfsMount[] = [];
  const volumes: VolumeMountConfig[] = [];
  for (const spec of specs) {
    const fields = new Map(spec.split(',').map((part) => {
      const eq = part.indexOf('=');
      return eq < 0 ? [part, 'true'] : [part.slice(0, eq), part.slice(eq + 1)];
    }));
    const get = (...keys: string[]) => keys.map((k) => fields.get(k)).find((v) => v !== undefined);
    const type = get('type') ?? 'volume';
    const target = get('target', 'destination', 'dst');
    if (!target || !isAbsolute(target)) throw new UsageError(`invalid --mount "${spec}": target must be an absolute path`);
    const readOnly = ['true', '1'].includes(get('readonly', 'ro') ?? 'false');
    if (type === 'bind') {
      const source = get('source', 'src');
      if (!source || !isAbsolute(source)) throw new UsageError(`invalid --mount "${spec}": a bind needs an absolute source`);
      binds.push({ source, target, readOnly });
    } else if (type === 'tmpfs') {
      const size = get('tmpfs-size');
      const mode = get('tmpfs-mode');
      const options = [size && `size=${parseBytes(size, '--mount tmpfs-size')}`, mode && `mode=${mode}`].filter(Boolean).join(',');
      tmpfs.push(options ? { target, options } : { target });
    } else if (type === 'volume') {
      const source = get('source', 'src');
      const noCopy = ['true', '1'].includes(get('volume-nocopy') ?? 'false');
      volumes.push({ ...(source && { name: source }), target, readOnly, ...(noCopy && { noCopy }) });
    } else {
      throw new UsageError(`invalid --mount "${spec}": type "${type}" is not supported (bind, volume and tmpfs are)`);
    }
  }
  return { binds, tmpfs, volumes };
}

function tmpfsMount(spec: string): TmpfsMount {
  const colon = spec.indexOf(':');
  const target = colon < 0 ? spec : spec.slice(0, colon);
  if (!isAbsolute(target)) throw new UsageError(`invalid --tmpfs "${spec}": the container path must be absolute`);
  return colon < 0 ? { target } : { target, options: spec.slice(colon + 1) };
}

function ulimit(spec: string): { name: string; soft: number; hard: number } {
  const match = /^([a-z]+)=(-?\d+)(?::(-?\d+))?$/.exec(spec);
  if (!match) throw new UsageError(`invalid --ulimit "${spec}": expected name=soft[:hard]`);
  const soft = Number(match[2]);
  return { name: match[1]!, soft, hard: match[3] === undefined ? soft : Number(match[3]) };
}

/** `key=value` flags into a map; with `bareKeys`, a bare `key` has an empty value (docker's --label). */
export function keyValues(list: readonly string[], flag: string, bareKeys = false): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of list) {
    const eq = item.indexOf('=');
    if (eq === 0 || (eq < 0 && !(bareKeys && item !== ''))) throw new UsageError(`invalid ${flag} "${item}": expected key=value`);
    if (eq < 0) out[item] = '';
    else out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

export function restartPolicy(spec: string): { name: RestartPolicyName; maximumRetryCount?: number } {
  const match = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(spec);
  if (!match || (match[2] !== undefined && match[1] !== 'on-failure')) throw new UsageError(`invalid --restart "${spec}": use no, always, unless-stopped or on-failure[:N]`);
  return { name: match[1] as RestartPolicyName, ...(match[2] !== undefined && { maximumRetryCount: Number(match[2]) }) };
}

/** --device HOST[:CONTAINER][:PERMISSIONS], as docker reads it. */
function device(spec: string): DeviceMapping {
  const parts = spec.split(':');
  const [hostPath, second, third] = parts;
  const perms = (text: string | undefined) => (text !== undefined && /^[rwm]{1,3}$/.test(text) ? text : undefined);
  let containerPath = hostPath;
  let permissions = 'rwm';
  if (parts.length === 2) {
    if (perms(second)) permissions = second!;
    else containerPath = second;
  } else if (parts.length === 3) {
    containerPath = second;
    if (!perms(third)) throw new UsageError(`invalid --device "${spec}": permissions are r, w and m`);
    permissions = third!;
  } else if (parts.length > 3) {
    throw new UsageError(`invalid --device "${spec}": use HOST[:CONTAINER][:PERMISSIONS]`);
  }
  if (!hostPath || !isAbsolute(hostPath) || !containerPath || !isAbsolute(containerPath)) throw new UsageError(`invalid --device "${spec}": the paths must be absolute`);
  return { hostPath, containerPath, permissions };
}

/** --pid, --ipc and --uts: `host` (or `container:NAME` for pid and ipc) shares that namespace; otherwise the container has its own. */
function namespaceModes(flags: CreateFlags): Pick<ContainerConfig, 'pidMode' | 'ipcMode' | 'utsMode'> {
  const mode = (flag: string, value: string | undefined, own: readonly string[], joinable: boolean): SharedNamespaceMode | undefined => {
    if (value === undefined || own.includes(value)) return undefined;
    if (value === 'host') return 'host';
    if (joinable && /^container:./.test(value)) return value as SharedNamespaceMode;
    throw new UsageError(`invalid --${flag} "${value}": use host${joinable ? ', container:NAME' : ''}${own.length > 0 ? ` or ${own.join(', ')}` : ''}`);
  };
  const pidMode = mode('pid', flags.pid, [], true);
  // Sharing another container's /dev/shm would need it mounted where the host sees it.
  if (flags.ipc?.startsWith('container:')) throw new UsageError(`--ipc ${flags.ipc}: joining another container's IPC namespace is not supported yet`);
  const ipcMode = mode('ipc', flags.ipc, ['private', 'shareable'], false);
  const utsMode = mode('uts', flags.uts, [], false) as 'host' | undefined;
  return { ...(pidMode && { pidMode }), ...(ipcMode && { ipcMode }), ...(utsMode && { utsMode }) };
}

type NetworkFields = 'networkMode' | 'networks' | 'ports' | 'expose' | 'publishAll' | 'links' | 'dns' | 'dnsSearch' | 'dnsOptions' | 'extraHosts';

/** --network and friends: docker's default is the `bridge` network. */
function networking(flags: CreateFlags): Pick<ContainerConfig, NetworkFields> {
  const network = flags.network ?? 'bridge';
  const ports = (flags.publish ?? []).flatMap(parsePublish);
  const expose = (flags.expose ?? []).flatMap(parseExpose);
  const exposing = { ...(expose.length > 0 && { expose }), ...(flags.publishAll && { publishAll: true }) };
  const dnsSettings = {
    ...(flags.dns && { dns: flags.dns.map((d) => ipv4(d, '--dns')) }),
    ...(flags.dnsSearch && { dnsSearch: flags.dnsSearch }),
    ...(flags.dnsOption && { dnsOptions: flags.dnsOption }),
    ...(flags.addHost && { extraHosts: flags.addHost.map(extraHost) }),
  };
  const attachment = {
    network,
    ...(flags.networkAlias && { aliases: flags.networkAlias }),
    ...(flags.ip !== undefined && { ipv4Address: ipv4(flags.ip, '--ip') }),
    ...(flags.macAddress !== undefined && { macAddress: macAddress(flags.macAddress) }),
  };
  const shared = network === 'none' || network === 'host' || network.startsWith('container:');
  // Another mode's container has no endpoint of its own: its per-network flags go along for the engine to refuse.
  const perNetwork = flags.networkAlias !== undefined || flags.ip !== undefined || flags.macAddress !== undefined;
  return {
    networkMode: shared ? (network as 'none' | 'host' | `container:${string}`) : 'bridge',
    ...((!shared || perNetwork) && { networks: [attachment] }),
    ...(ports.length > 0 && { ports }),
    ...exposing,
    ...(flags.link && { links: flags.link.map(link) }),
    ...(network === 'host' ? {} : dnsSettings),
  };
}

// Each option the engine may name in a ContainerConfigError, as the flags that set it.
const FLAG_NAMES: Readonly<Record<string, string>> = {
  restart: '--restart', autoRemove: '--rm', hostname: '--hostname', utsMode: '--uts', networkMode: '--network',
  networks: '--network-alias, --ip, --mac-address', links: '--link', oomScoreAdj: '--oom-score-adj', 'resources.cpus': '--cpus',
  'healthcheck.retries': '--health-retries', ulimits: '--ulimit', 'resources.memory': '--memory', 'resources.memoryReservation': '--memory-reservation',
};

/** The engine's refusal of a config, told in flags: a usage error, as the flag parser's own. */
export function flagError(err: unknown): unknown {
  if (!(err instanceof ContainerConfigError)) return err;
  return new UsageError(err.describe((option) => FLAG_NAMES[option] ?? option), { cause: err });
}

/** --expose: `80`, `53/udp` or a range `8000-8010/tcp`; no host part. */
function parseExpose(spec: string): { containerPort: number; protocol: 'tcp' | 'udp' }[] {
  if (spec.includes(':')) throw new UsageError(`invalid --expose "${spec}": a container port or range, without a host part`);
  try {
    return parsePublish(spec).map((p) => ({ containerPort: p.containerPort, protocol: p.protocol }));
  } catch (err) {
    if (err instanceof UsageError) throw new UsageError(err.message.replace('invalid published port', 'invalid --expose'));
    throw err;
  }
}

function ipv4(text: string, flag: string): string {
  const parts = text.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) throw new UsageError(`invalid ${flag} "${text}": expected an IPv4 address`);
  return text;
}

function macAddress(text: string): string {
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i.test(text)) throw new UsageError(`invalid --mac-address "${text}": expected six hex pairs such as 02:42:ac:11:00:02`);
  return text.toLowerCase();
}

function extraHost(spec: string): { host: string; ip: string } {
  // docker accepts HOST:IP and HOST=IP.
  const match = /^([^:=\s]+)[:=](.+)$/.exec(spec);
  if (!match) throw new UsageError(`invalid --add-host "${spec}": expected HOST:IP`);
  return { host: match[1]!, ip: match[2] === 'host-gateway' ? match[2] : ipv4(match[2]!, '--add-host') };
}

function link(spec: string): { alias: string; target: string } {
  const [target, alias] = spec.split(':');
  if (!target) throw new UsageError(`invalid --link "${spec}": expected NAME[:ALIAS]`);
  return { target, alias: alias || target };
}

/** `64m`, `1g`, `512k`, `100` (bytes): docker's binary units. */
export function parseBytes(text: string, flag: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([bkmg]?)b?$/i.exec(text.trim());
  if (!match) throw new UsageError(`invalid ${flag} "${text}": expected a size such as 64m`);
  const scale = { '': 1, b: 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[match[2]!.toLowerCase()]!;
  return Math.round(Number(match[1]) * scale);
}

function integer(text: string, flag: string): number {
  if (!/^-?\d+$/.test(text)) throw new UsageError(`invalid ${flag} "${text}": expected a whole number`);
  return Number(text);
}
