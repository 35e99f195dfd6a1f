// `down`: every container of the project stopped (dependents first) and
// removed, one-offs too; then its networks, and with -v its named volumes.
// It works from the file when there is one, from labels alone otherwise.
import type { Project } from '../../compose-schema/model.js';
import type { ProjectContext } from '../container-config.js';
import { Label } from '../labels.js';
import type { Observed, ObservedContainer } from '../observed.js';
import type { Plan } from '../plan.js';
import { stopAndRemove } from './actions.js';
import { startReconcile, type Reconcile } from './context.js';
import type { DownOptions } from './options.js';
import { namedServices } from './selection.js';
import { dependentsFromLabels, orderStops } from './stop-order.js';

export type DownTarget = ProjectContext | { readonly projectName: string };

export function planDown(target: DownTarget, observed: Observed, options: DownOptions = {}): Plan {
  const fromFile = 'project' in target;
  const ctx: ProjectContext = fromFile ? target : { project: emptyProject(target.projectName), workingDir: '', configFiles: [] };
  const r = startReconcile(ctx, observed, { ...(options.timeout !== undefined && { timeout: options.timeout }) });
  const containers = containersToRemove(r, fromFile, options);
  const removals = containers.map((c) => stopAndRemove(r, c, c.service in ctx.project.services || !fromFile ? '' : 'orphan', { removeVolumes: options.volumes === true }));
  orderStops(r, fromFile ? undefined : dependentsFromLabels(observed.containers, Label.dependsOn));
  if (!options.services?.length) {
    removeNetworks(r, fromFile, removals, new Set(containers.map((c) => c.id)));
    if (options.volumes) removeVolumes(r, fromFile, removals);
  }
  return r.plan.finish(ctx.project.name);
}

function containersToRemove(r: Reconcile, fromFile: boolean, options: DownOptions): ObservedContainer[] {
  const all = r.observed.containers;
  if (options.services?.length) {
    const services = fromFile ? namedServices(r, options.services) : options.services;
    return all.filter((c) => services.includes(c.service));
  }
  if (!fromFile || options.removeOrphans) return [...all];
  const project = r.ctx.project.services;
  const disabled = options.disabledServices ?? [];
  return all.filter((c) => c.service in project || disabled.includes(c.service));
}

function ours(labels: Readonly<Record<string, string>>, project: string): boolean {
  return labels[Label.project] === project;
}

function removeNetworks(r: Reconcile, fromFile: boolean, removals: number[], removed: ReadonlySet<string>): void {
  const project = r.ctx.project;
  const keyed = fromFile
    ? Object.entries(project.networks).filter(([, n]) => !n.external).map(([key, n]) => ({ key, found: r.observed.networks.find((o) => o.name === n.name && ours(o.labels, project.name)) }))
    : r.observed.networks.filter((o) => ours(o.labels, project.name)).map((o) => ({ key: o.labels[Label.network] ?? o.name, found: o }));
  for (const { key, found } of keyed.sort((a, b) => (a.key < b.key ? -1 : 1))) {
    if (!found) continue;
    // Orphans left running keep their network: removing it would only fail once the rest is gone.
    const staying = [...new Set(found.containers)].filter((id) => !removed.has(id)).map((id) => r.observed.containers.find((c) => c.id === id)?.name ?? id.slice(0, 12));
    if (staying.length > 0) {
      r.plan.warn(`network ${found.name} is kept: containers not taken down use it (${staying.sort().join(', ')}); down --remove-orphans removes orphans too`);
      continue;
    }
    r.plan.add({ kind: 'RemoveNetwork', resource: `network:${key}`, reason: '', target: { type: 'network', key, name: found.name, id: found.id }, order: { group: 0, name: key }, after: removals });
  }
}

function removeVolumes(r: Reconcile, fromFile: boolean, removals: number[]): void {
  const project = r.ctx.project;
  const keyed = fromFile
    ? Object.entries(project.volumes).filter(([, v]) => !v.external).map(([key, v]) => ({ key, found: r.observed.volumes.find((o) => o.name === v.name) }))
    : r.observed.volumes.filter((o) => ours(o.labels, project.name) && o.labels[Label.volume] !== undefined).map((o) => ({ key: o.labels[Label.volume]!, found: o }));
  for (const { key, found } of keyed.sort((a, b) => (a.key < b.key ? -1 : 1))) {
    if (!found) continue;
    r.plan.add({ kind: 'RemoveVolume', resource: `volume:${key}`, reason: '', target: { type: 'volume', key, name: found.name }, order: { group: 1, name: key }, after: removals });
  }
}

function emptyProject(name: string): Project {
  return { name, services: {}, networks: {}, volumes: {}, secrets: {}, configs: {} };
}
