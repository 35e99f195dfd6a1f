// Which cgroup hierarchy the host has, read from the mount table: cgroup v2
// (one unified tree) or v1 (one tree per controller, possibly with an empty
// v2 tree beside them: "hybrid"). Everything else in engine/cgroups/ works
// from this description, never from guessed paths.
import { readFileSync } from 'node:fs';
import { EngineError, EngineErrorCode } from '../../errors.js';

export type CgroupHierarchy =
  | {
      readonly version: 1;
      /** Controller name → its mount point; co-mounted controllers share one. */
      readonly controllers: ReadonlyMap<string, string>;
      /** The v1 devices controller can enforce an allow-list. */
      readonly canFilterDevices: boolean;
    }
  | {
      readonly version: 2;
      /** The mount point of the unified tree, usually /sys/fs/cgroup. */
      readonly root: string;
      /** v2 needs eBPF programs to filter devices, which we do not load. */
      readonly canFilterDevices: false;
    };

/** v1 controller names as they appear in the super options (the rest are mount flags). */
const V1_CONTROLLERS = new Set([
  'cpu', 'cpuacct', 'cpuset', 'memory', 'devices', 'freezer', 'net_cls', 'net_prio',
  'blkio', 'perf_event', 'hugetlb', 'pids', 'rdma', 'misc',
]);

interface Mount {
  readonly mountPoint: string;
  readonly fsType: string;
  readonly options: readonly string[];
}

/**
 * Describes the hierarchy in a mountinfo (or /proc/mounts) text. v1 wins when
 * it holds a memory or cpu controller: on hybrid hosts the v2 tree is then
 * empty of controllers and of no use for limits.
 */
export function parseHierarchy(text: string): CgroupHierarchy {
  const mounts = text.split('\n').filter((line) => line.trim() !== '').map(parseLine);
  const controllers = new Map<string, string>();
  for (const m of mounts) {
    if (m?.fsType !== 'cgroup') continue;
    for (const option of m.options) {
      if (V1_CONTROLLERS.has(option) && !controllers.has(option)) controllers.set(option, m.mountPoint);
    }
  }
  if (controllers.has('memory') || controllers.has('cpu')) {
    return { version: 1, controllers, canFilterDevices: controllers.has('devices') };
  }
  const unified = mounts.filter((m) => m?.fsType === 'cgroup2').map((m) => m!.mountPoint);
  const root = unified.find((p) => p === '/sys/fs/cgroup') ?? unified[0];
  if (root === undefined) {
    throw new EngineError(EngineErrorCode.System, 'detect cgroups: no cgroup v2 or v1 memory/cpu hierarchy is mounted', {
      hint: 'mount cgroup2 on /sys/fs/cgroup',
    });
  }
  return { version: 2, root, canFilterDevices: false };
}

let cached: CgroupHierarchy | undefined;

/** The hierarchy of this host, read once from /proc/self/mountinfo. */
export function detectHierarchy(): CgroupHierarchy {
  if (cached) return cached;
  let text: string;
  try {
    text = readFileSync('/proc/self/mountinfo', 'utf8');
  } catch {
    text = readFileSync('/proc/mounts', 'utf8');
  }
  cached = parseHierarchy(text);
  return cached;
}

/**
 * One mount from either format. mountinfo: `id parent maj:min root point opts
 * [optional...] - fstype source superopts`; /proc/mounts: `source point fstype opts 0 0`.
 */
function parseLine(line: string): Mount | undefined {
  const fields = line.trim().split(/\s+/);
  const dash = fields.indexOf('-');
  if (dash >= 6) {
    const point = fields[4];
    const fsType = fields[dash + 1];
    if (point === undefined || fsType === undefined) return undefined;
    return { mountPoint: unescape(point), fsType, options: (fields[dash + 3] ?? '').split(',') };
  }
  const [, point, fsType, options] = fields;
  if (point === undefined || fsType === undefined) return undefined;
  return { mountPoint: unescape(point), fsType, options: (options ?? '').split(',') };
}

/** The kernel writes space, tab, newline and backslash in paths as \ooo octal. */
function unescape(path: string): string {
  return path.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));
}
