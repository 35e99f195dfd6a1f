// `up` (and `create`): networks, volumes and images first, then every
// selected service's replicas in dependency order, then the edges that
// depends_on and --wait add, then orphans.
import type { ProjectContext } from '../container-config.js';
import { withDependencies } from '../graph.js';
import type { Observed } from '../observed.js';
import type { Plan } from '../plan.js';
import { reconcileService, type UpState } from './containers.js';
import { service, serviceContainers, startReconcile, type Reconcile } from './context.js';
import { planImages } from './images.js';
import { planNetworks, serviceNetworkKeys, type NetworkPlan } from './networks.js';
import type { UpOptions } from './options.js';
import { planOrphans } from './orphans.js';
import { planPreStart } from './pre-start.js';
import { namedServices } from './selection.js';
import { orderStops } from './stop-order.js';
import { planVolumes, serviceVolumeKeys } from './volumes.js';
import { orderStarts, waitReady } from './waits.js';

export function planUp(ctx: ProjectContext, observed: Observed, options: UpOptions = {}): Plan {
  const r = startReconcile(ctx, observed, { ...(options.timeout !== undefined && { timeout: options.timeout }) });
  const named = namedServices(r, options.services);
  const selected = options.services?.length && options.noDeps ? named : withDependencies(r.graph, named);
  const networks = planNetworks(r, networkKeys(r, selected), { noRecreate: options.noRecreate === true });
  const services = withServicesOnRemadeNetworks(r, selected, networks);
  for (const [key, plan] of planNetworks(r, networkKeys(r, services).filter((key) => !networks.has(key)))) networks.set(key, plan);
  const volumes = planVolumes(r, [...new Set(services.flatMap((name) => serviceVolumeKeys(r, service(r, name))))]);
  const namedSet = new Set(options.services?.length ? named : r.graph.order);
  const state: UpState = {
    noStart: options.noStart === true,
    keepCompleted: options.keepCompleted === true,
    noRecreate: options.noRecreate === true,
    renewAnonVolumes: options.renewAnonVolumes === true,
    scale: options.scale ?? {},
    networks,
    volumes,
    forced: (name) => (namedSet.has(name) ? (options.forceRecreate ? '--force-recreate' : undefined) : options.alwaysRecreateDeps ? '--always-recreate-deps' : undefined),
    replaced: new Set(),
    replicas: new Map(),
    images: new Map(),
  };
  for (const name of services) reconcileService(r, name, state);
  removeContainersBeforeNetworks(r, networks);
  if (!state.noStart) {
    planPreStart(r, services);
    orderStarts(r, state.replicas);
    if (options.wait) waitReady(r, services, state.replicas, options.waitTimeoutMs);
  }
  planOrphans(r, options);
  orderStops(r);
  planImages(r, state.images);
  return r.plan.finish(ctx.project.name);
}

function networkKeys(r: Reconcile, services: readonly string[]): string[] {
  return [...new Set(services.flatMap((name) => serviceNetworkKeys(service(r, name))))];
}

// A network that is remade loses its containers: those of services that
// were not selected are made again too, or they would be left off it.
function withServicesOnRemadeNetworks(r: Reconcile, selected: readonly string[], networks: ReadonlyMap<string, NetworkPlan>): string[] {
  const remade = new Set([...networks.values()].filter((plan) => plan.state === 'diverged').map((plan) => plan.key));
  const onRemade = (name: string) => serviceContainers(r, name).length > 0 && serviceNetworkKeys(service(r, name)).some((key) => remade.has(key));
  return r.graph.order.filter((name) => selected.includes(name) || onRemade(name));
}

function removeContainersBeforeNetworks(r: Reconcile, networks: ReadonlyMap<string, NetworkPlan>): void {
  for (const plan of networks.values()) {
    if (plan.removed === undefined) continue;
    const removals = r.plan.find((node) => node.kind === 'RemoveContainer' && node.target.type === 'container' && serviceNetworkKeys(service(r, node.target.service)).includes(plan.key));
    r.plan.after(plan.removed, removals);
  }
}
