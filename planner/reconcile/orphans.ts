// Containers of the project whose service is gone from the file. A service
// that a profile leaves out is not gone: its containers are left alone.
import type { ObservedContainer } from '../observed.js';
import { stopAndRemove } from './actions.js';
import type { Reconcile } from './context.js';

export function orphanContainers(r: Reconcile, disabled: readonly string[] = []): ObservedContainer[] {
  return r.observed.containers.filter((c) => !c.oneoff && !(c.service in r.ctx.project.services) && !disabled.includes(c.service));
}

/** With --remove-orphans, stop and remove them; without, say they are there. */
export function planOrphans(r: Reconcile, options: { removeOrphans?: boolean; disabledServices?: readonly string[] }): void {
  const orphans = orphanContainers(r, options.disabledServices);
  if (orphans.length === 0) return;
  if (!options.removeOrphans) {
    const names = orphans.map((c) => c.name).sort().join(', ');
    r.plan.warn(
      `Found orphan containers (${names}) for this project. If you removed or renamed this service in your compose file, you can run this command with the --remove-orphans flag to clean it up.`,
    );
    return;
  }
  for (const orphan of orphans) stopAndRemove(r, orphan, 'orphan', { removeVolumes: false });
}
