// What `container stats` and `container inspect` read from a cgroup: usage
// counters and whether the OOM killer struck. v1 and v2 name them apart.
import { readCgroupFile, readKeyed, readLimit } from './files.js';

export interface CgroupStats {
  /** Bytes charged to the cgroup, page cache included. */
  memoryUsage: number;
  /** Bytes; null when unlimited. */
  memoryLimit: number | null;
  /** CPU time of all its processes, in nanoseconds. */
  cpuUsageNs: number;
  pids: number;
}

export function statsV1(memoryDir: string, cpuacctDir: string, pidsDir: string | undefined, countPids: () => number): CgroupStats {
  return {
    memoryUsage: Number(readCgroupFile(memoryDir, 'memory.usage_in_bytes')),
    memoryLimit: readLimit(memoryDir, 'memory.limit_in_bytes'),
    cpuUsageNs: Number(readCgroupFile(cpuacctDir, 'cpuacct.usage')),
    pids: pidsDir ? Number(readCgroupFile(pidsDir, 'pids.current')) : countPids(),
  };
}

export function statsV2(dir: string): CgroupStats {
  return {
    memoryUsage: Number(readCgroupFile(dir, 'memory.current')),
    memoryLimit: readLimit(dir, 'memory.max'),
    cpuUsageNs: (readKeyed(dir, 'cpu.stat').get('usage_usec') ?? 0) * 1000,
    pids: Number(readCgroupFile(dir, 'pids.current')),
  };
}

export function oomKilledV1(memoryDir: string): boolean {
  const kills = readKeyed(memoryDir, 'memory.oom_control').get('oom_kill');
  // Kernels before 4.13 have no oom_kill count: having hit the limit is the best hint left.
  return kills !== undefined ? kills > 0 : Number(readCgroupFile(memoryDir, 'memory.failcnt')) > 0;
}

export function oomKilledV2(dir: string): boolean {
  return (readKeyed(dir, 'memory.events').get('oom_kill') ?? 0) > 0;
}
