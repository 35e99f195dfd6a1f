// Which containers reference which volumes, and how much room a volume's
// content takes: what `rm` refuses on, what `prune` keeps and reports.
import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { listContainers } from '../container/store.js';

/** How a container config names a volume (ContainerConfig.volumes, wired by the container engine). */
export interface VolumeMount {
  readonly name: string;
  readonly target: string;
  readonly readOnly?: boolean;
  readonly noCopy?: boolean;
}

/** Volume name → names of the containers whose records reference it, in creation order. */
export function volumeUsers(root: string): Map<string, string[]> {
  const users = new Map<string, string[]>();
  for (const { record } of listContainers(root)) {
    // Read defensively: records written before the field existed have none.
    const mounts = (record.config as { volumes?: readonly VolumeMount[] }).volumes ?? [];
    for (const name of new Set(mounts.map((m) => m.name))) users.set(name, [...(users.get(name) ?? []), record.name]);
  }
  return users;
}

/** Names of the volumes any container (running or not) references. */
export function volumesInUse(root: string): Set<string> {
  return new Set(volumeUsers(root).keys());
}

/**
 * Bytes of the files under `dir`, as docker counts them for prune: directories
 * not counted, a hard-linked file once. Entries that vanish meanwhile are skipped.
 */
export function diskUsage(dir: string): number {
  const seen = new Set<bigint>();
  let total = 0;
  const walk = (path: string): void => {
    const stat = lstatSync(path, { bigint: true, throwIfNoEntry: false });
    if (!stat) return;
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) walk(join(path, entry));
    } else if (!seen.has(stat.ino)) {
      seen.add(stat.ino);
      total += Number(stat.size);
    }
  };
  walk(dir);
  return total;
}
