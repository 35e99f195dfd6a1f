// docker container prune: every container that is not running (created or
// exited) goes, as `rm` takes it (networks, cgroup, files), with its
// anonymous volumes left for `volume prune`, as docker leaves them.
import { diskUsage } from '../volumes/usage.js';
import { removeContainer, type RemoveHooks } from './remove.js';
import { listContainers } from './store.js';

export interface PruneFilter {
  /** Only containers created before this time. */
  readonly until?: Date;
  /** label=KEY or label=KEY=VALUE (with `negate`, label!=…): each must hold. */
  readonly labels?: readonly { readonly key: string; readonly value?: string; readonly negate?: boolean }[];
}

export interface PruneResult {
  /** Full IDs, oldest first. */
  readonly deleted: string[];
  /** Bytes of their writable layers. */
  readonly reclaimed: number;
}

export async function pruneContainers(root: string, hooks: RemoveHooks = {}, filter: PruneFilter = {}): Promise<PruneResult> {
  const deleted: string[] = [];
  let reclaimed = 0;
  for (const { record, state, paths } of listContainers(root)) {
    if (state.status !== 'created' && state.status !== 'exited') continue;
    if (filter.until && !(Date.parse(record.created) < filter.until.getTime())) continue;
    if (!(filter.labels ?? []).every((l) => hasLabel(record.config.labels ?? {}, l.key, l.value) !== (l.negate === true))) continue;
    const size = diskUsage(paths.upper);
    try {
      await removeContainer(root, record.id, { hooks });
    } catch {
      continue; // started or removed meanwhile: not ours to prune
    }
    deleted.push(record.id);
    reclaimed += size;
  }
  return { deleted, reclaimed };
}

function hasLabel(labels: Readonly<Record<string, string>>, key: string, value: string | undefined): boolean {
  return value === undefined ? Object.hasOwn(labels, key) : labels[key] === value;
}
