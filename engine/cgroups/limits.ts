// Resource limits of a container, as docker's HostConfig names them, and their
// translation into the cgroup files to write on cgroup v1 and on cgroup v2.
// Pure: the same limits always give the same list, so it is tested without
// touching /sys.
import { EngineError, EngineErrorCode } from '../../errors.js';

export interface CgroupLimits {
  /** Bytes of memory; -1 removes the limit. */
  memory?: number;
  /** Bytes of memory + swap (docker's memswap_limit); -1 = unlimited swap. Unset: twice `memory`, as docker does. */
  memorySwap?: number;
  /** Bytes the kernel tries to leave the container under pressure (soft limit). */
  memoryReservation?: number;
  /** CPUs as a float: 1.5 gives 150000µs of CPU time per 100000µs period. */
  cpus?: number;
  /** Relative CPU weight, 2..262144 (docker's cpu_shares; 1024 is the default). */
  cpuShares?: number;
  /** CFS quota in µs per period; -1 = unlimited. */
  cpuQuota?: number;
  /** CFS period in µs. */
  cpuPeriod?: number;
  /** CPUs the container may run on, e.g. "0-1" or "0,2". */
  cpusetCpus?: string;
  /** Memory nodes the container may allocate on, e.g. "0". */
  cpusetMems?: string;
  /** Most processes at once; 0 or -1 = unlimited. */
  pidsLimit?: number;
  /** Keep the OOM killer off the container (v1 only: v2 has no such switch). */
  oomKillDisable?: boolean;
}

/** One value to write into one cgroup file. */
export interface CgroupWrite {
  readonly controller: string;
  readonly file: string;
  readonly value: string;
  /** The kernel may lack the file (swap accounting off): skip it then instead of failing. */
  readonly optional?: boolean;
}

/** The CFS period docker uses with `cpus`, in µs. */
export const DEFAULT_CPU_PERIOD = 100_000;

const MIN_SHARES = 2;
const MAX_SHARES = 262_144;

/** cpu.shares → cpu.weight by the formula runc and crun use, so both agree on a host. */
export function sharesToWeight(shares: number): number {
  const clamped = clampShares(shares);
  return 1 + Math.floor(((clamped - MIN_SHARES) * 9999) / (MAX_SHARES - MIN_SHARES));
}

/** The files to write for `limits` on cgroup v1, in a working order. */
export function v1Writes(given: CgroupLimits): CgroupWrite[] {
  const limits = normalize(given);
  const w: CgroupWrite[] = [];
  const swap = memswOf(limits);
  if (limits.memory !== undefined) w.push(write('memory', 'memory.limit_in_bytes', String(limits.memory)));
  // memsw needs swap accounting, which kernels may have off: optional.
  if (swap !== undefined) w.push({ ...write('memory', 'memory.memsw.limit_in_bytes', String(swap)), optional: true });
  if (limits.memoryReservation !== undefined) w.push(write('memory', 'memory.soft_limit_in_bytes', String(limits.memoryReservation)));
  if (limits.oomKillDisable !== undefined) w.push(write('memory', 'memory.oom_control', limits.oomKillDisable ? '1' : '0'));
  if (limits.cpuShares !== undefined) w.push(write('cpu', 'cpu.shares', String(clampShares(limits.cpuShares))));
  const cfs = cfsOf(limits);
  if (cfs.period !== undefined) w.push(write('cpu', 'cpu.cfs_period_us', String(cfs.period)));
  if (cfs.quota !== undefined) w.push(write('cpu', 'cpu.cfs_quota_us', String(cfs.quota)));
  w.push(...cpusetWrites(limits));
  if (limits.pidsLimit !== undefined) w.push(write('pids', 'pids.max', pidsValue(limits.pidsLimit)));
  return w;
}

/** The files to write for `limits` on cgroup v2. */
export function v2Writes(given: CgroupLimits): CgroupWrite[] {
  const limits = normalize(given);
  const w: CgroupWrite[] = [];
  const swap = memswOf(limits);
  if (limits.memory !== undefined) w.push(write('memory', 'memory.max', maxOr(limits.memory)));
  // v2 limits swap alone, not memory + swap as v1 and docker do.
  if (swap !== undefined) {
    const value = swap === -1 || limits.memory === undefined || limits.memory === -1 ? 'max' : String(swap - limits.memory);
    w.push({ ...write('memory', 'memory.swap.max', value), optional: true });
  }
  if (limits.memoryReservation !== undefined) w.push(write('memory', 'memory.low', String(limits.memoryReservation)));
  if (limits.cpuShares !== undefined) w.push(write('cpu', 'cpu.weight', String(sharesToWeight(limits.cpuShares))));
  const cfs = cfsOf(limits);
  if (cfs.quota !== undefined || cfs.period !== undefined) {
    const quota = cfs.quota === undefined || cfs.quota === -1 ? 'max' : String(cfs.quota);
    w.push(write('cpu', 'cpu.max', `${quota} ${cfs.period ?? DEFAULT_CPU_PERIOD}`));
  }
  w.push(...cpusetWrites(limits));
  if (limits.pidsLimit !== undefined) w.push(write('pids', 'pids.max', pidsValue(limits.pidsLimit)));
  return w;
}

function write(controller: string, file: string, value: string): CgroupWrite {
  return { controller, file, value };
}

function cpusetWrites(limits: CgroupLimits): CgroupWrite[] {
  const w: CgroupWrite[] = [];
  if (limits.cpusetCpus !== undefined) w.push(write('cpuset', 'cpuset.cpus', limits.cpusetCpus));
  if (limits.cpusetMems !== undefined) w.push(write('cpuset', 'cpuset.mems', limits.cpusetMems));
  return w;
}

/** memory+swap in bytes, -1 for unlimited, or undefined when nothing is to be written. */
function memswOf(limits: CgroupLimits): number | undefined {
  if (limits.memorySwap !== undefined) return limits.memorySwap;
  // docker lets a container swap as much as its memory limit unless told otherwise.
  if (limits.memory !== undefined && limits.memory > 0) return limits.memory * 2;
  if (limits.memory === -1) return -1;
  return undefined;
}

function cfsOf(limits: CgroupLimits): { quota?: number; period?: number } {
  if (limits.cpus !== undefined) {
    return { quota: Math.round(limits.cpus * DEFAULT_CPU_PERIOD), period: DEFAULT_CPU_PERIOD };
  }
  return { quota: limits.cpuQuota, period: limits.cpuPeriod };
}

function pidsValue(limit: number): string {
  return limit <= 0 ? 'max' : String(limit);
}

function maxOr(bytes: number): string {
  return bytes === -1 ? 'max' : String(bytes);
}

/** The kernel clamps cpu.shares on v1 the same way; doing it here makes v2 match. */
function clampShares(shares: number): number {
  return Math.min(MAX_SHARES, Math.max(MIN_SHARES, Math.trunc(shares)));
}

/** Zero means "not set" in docker's HostConfig, except for pids_limit where it means unlimited. */
function normalize(given: CgroupLimits): CgroupLimits {
  const limits: CgroupLimits = { ...given };
  for (const key of ['memory', 'memorySwap', 'memoryReservation', 'cpus', 'cpuShares', 'cpuQuota', 'cpuPeriod'] as const) {
    if (limits[key] === 0) delete limits[key];
  }
  check(limits);
  return limits;
}

/** Rejects the combinations docker rejects, before anything is written. */
function check(limits: CgroupLimits): void {
  const bad = (message: string) => new EngineError(EngineErrorCode.InvalidConfig, message);
  const { memory, memorySwap, cpus, cpuQuota, cpuPeriod } = limits;
  if (memorySwap !== undefined && memorySwap !== -1) {
    if (memory === undefined || memory === -1) throw bad('a memory+swap limit needs a memory limit too');
    if (memorySwap < memory) throw bad(`memory+swap limit ${memorySwap} is below the memory limit ${memory}`);
  }
  if (cpus !== undefined && (cpuQuota !== undefined || cpuPeriod !== undefined)) {
    throw bad('cpus conflicts with cpu_quota/cpu_period: set one or the other');
  }
  if (cpus !== undefined && (!Number.isFinite(cpus) || cpus < 0)) throw bad(`cpus must be a positive number, not ${cpus}`);
  if (cpuPeriod !== undefined && (cpuPeriod < 1000 || cpuPeriod > 1_000_000)) {
    throw bad(`cpu_period must be between 1000 and 1000000 µs, not ${cpuPeriod}`);
  }
  if (cpuQuota !== undefined && cpuQuota !== -1 && cpuQuota < 1000) throw bad(`cpu_quota must be at least 1000 µs, not ${cpuQuota}`);
}
