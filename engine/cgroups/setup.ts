// Making the folders of a container's cgroup usable before limits go in:
// the steps each version needs that are not limits themselves.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { CgroupHierarchy } from './detect.js';
import { v1DeviceWrites } from './devices.js';
import { makeDir, readCgroupFile, readIfPresent, writeCgroupFile } from './files.js';
import type { CgroupWrite } from './limits.js';

/** Controllers the engine limits or uses; v1 has one folder per mounted one. */
export const V1_CONTROLLERS_USED = ['memory', 'cpu', 'cpuacct', 'cpuset', 'pids', 'freezer', 'devices'] as const;
/** Controllers to enable for children on v2 (freezing and killing need none). */
export const V2_CONTROLLERS_USED = ['memory', 'cpu', 'cpuset', 'pids'] as const;

/** The folder all Flotilla cgroups live in, under each v1 mount or the v2 root. */
export const PARENT = 'flotilla';

/** Writes the given files, skipping optional ones the kernel does not have. */
export function applyWrites(writes: readonly CgroupWrite[], dirFor: (controller: string) => string): void {
  for (const w of writes) {
    const dir = dirFor(w.controller);
    if (w.optional && !existsSync(join(dir, w.file))) continue;
    writeCgroupFile(dir, w.file, w.value);
  }
}

/**
 * v1 refuses memory.limit_in_bytes above memory.memsw.limit_in_bytes at every
 * step, so when the memory limit grows past the current memsw, memsw goes first.
 */
export function orderV1MemoryWrites(writes: CgroupWrite[], memoryDir: string | undefined): CgroupWrite[] {
  const memory = writes.find((w) => w.file === 'memory.limit_in_bytes');
  const memsw = writes.find((w) => w.file === 'memory.memsw.limit_in_bytes');
  if (!memory || !memsw || !memoryDir) return writes;
  const current = readIfPresent(memoryDir, 'memory.memsw.limit_in_bytes');
  if (current === undefined) return writes;
  const wanted = memory.value === '-1' ? Infinity : Number(memory.value);
  return wanted <= Number(current) ? writes : [memsw, ...writes.filter((w) => w !== memsw)];
}

/** Creates `<mount>/flotilla/<name>` for each controller, with cpuset and devices set up. */
export function setupV1(dirs: ReadonlyMap<string, string>, privileged: boolean, devices: readonly string[] = []): void {
  for (const dir of new Set(dirs.values())) makeDir(dir);
  const cpuset = dirs.get('cpuset');
  // A new v1 cpuset starts with no CPUs and no memory nodes, and joining it
  // fails with ENOSPC until both are set: inherit them level by level.
  if (cpuset) {
    for (const dir of [dirname(cpuset), cpuset]) {
      for (const file of ['cpuset.cpus', 'cpuset.mems']) {
        if (readCgroupFile(dir, file) === '') writeCgroupFile(dir, file, readCgroupFile(dirname(dir), file));
      }
    }
  }
  const deviceDir = dirs.get('devices');
  if (deviceDir) applyWrites(v1DeviceWrites(privileged, devices), () => deviceDir);
}

/**
 * Creates `<root>/flotilla/<name>` on v2. A child can only use the controllers
 * its parent lists in cgroup.subtree_control, so the root and flotilla/ turn
 * on those the kernel offers. (flotilla/ itself holds no process, as v2 requires.)
 */
export function setupV2(hierarchy: Extract<CgroupHierarchy, { version: 2 }>, dir: string): void {
  const parent = join(hierarchy.root, PARENT);
  enableControllers(hierarchy.root);
  makeDir(parent);
  enableControllers(parent);
  makeDir(dir);
}

function enableControllers(dir: string): void {
  const available = readCgroupFile(dir, 'cgroup.controllers').split(/\s+/);
  const enabled = readCgroupFile(dir, 'cgroup.subtree_control').split(/\s+/);
  const missing = V2_CONTROLLERS_USED.filter((c) => available.includes(c) && !enabled.includes(c));
  if (missing.length > 0) writeCgroupFile(dir, 'cgroup.subtree_control', missing.map((c) => `+${c}`).join(' '));
}
