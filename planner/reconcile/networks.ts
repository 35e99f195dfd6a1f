// The project networks the selected services join: made when missing,
// remade when the file changed them (their containers are removed first and
// made again on the new network), found by name when external.
import { createHash } from 'node:crypto';
import type { Network, Service } from '../../compose-schema/model.js';
import { ComposeError, ComposeErrorCode } from '../../errors.js';
import { canonicalJson } from '../hash.js';
import { COMPOSE_VERSION, Label } from '../labels.js';
import type { ObservedNetwork } from '../observed.js';
import type { NetworkCreateSpec } from '../plan.js';
import type { Reconcile } from './context.js';

export interface NetworkPlan {
  readonly key: string;
  /** The CreateNetwork node, when the network is made (or made again). */
  readonly created?: number;
  /** The RemoveNetwork node of a diverged network: removals of its containers come before it. */
  readonly removed?: number;
  readonly state: 'present' | 'missing' | 'diverged' | 'external';
}

/** The project network keys a service joins (none when it uses another network mode). */
export function serviceNetworkKeys(service: Service): string[] {
  if (service.network_mode !== undefined) return [];
  return Object.keys(service.networks ?? { default: null }).sort();
}

/** sha256 of what shapes a network, stored in its config-hash label to notice later edits of the file. */
export function networkConfigHash(network: Network): string {
  const { driver, ipam, internal, attachable, labels, driver_opts } = network;
  return createHash('sha256').update(canonicalJson({ driver, ipam, internal, attachable, labels, driver_opts })).digest('hex');
}

export function planNetworks(r: Reconcile, keys: readonly string[], options: { noRecreate?: boolean } = {}): Map<string, NetworkPlan> {
  const plans = new Map<string, NetworkPlan>();
  for (const key of [...keys].sort()) {
    const network = r.ctx.project.networks[key];
    if (!network) continue;
    const found = r.observed.networks.find((n) => n.name === network.name);
    if (network.external) {
      if (!found) throw new ComposeError(ComposeErrorCode.UndefinedReference, `network ${network.name} declared as external, but could not be found`);
      plans.set(key, { key, state: 'external' });
      continue;
    }
    if (!found) {
      plans.set(key, { key, state: 'missing', created: addCreate(r, key, network, 'not found') });
      continue;
    }
    checkOwner(r, key, network, found);
    const hash = found.labels[Label.configHash];
    if (hash === undefined || hash === networkConfigHash(network)) plans.set(key, { key, state: 'present' });
    else if (options.noRecreate) {
      r.plan.warn(`network ${network.name} differs from the compose file: --no-recreate keeps it as it is`);
      plans.set(key, { key, state: 'present' });
    } else plans.set(key, planRecreate(r, key, network, found));
  }
  return plans;
}

// Same name, another owner: taking it over would hand our containers to
// another project's network (docker compose refuses it too).
function checkOwner(r: Reconcile, key: string, network: Network, found: ObservedNetwork): void {
  const project = found.labels[Label.project];
  const label = found.labels[Label.network];
  if (project === undefined && label === undefined) {
    r.plan.warn(`a network with name ${network.name} exists but was not created by compose. Set \`external: true\` to use an existing network`);
    return;
  }
  if (project !== r.ctx.project.name) {
    throw new ComposeError(ComposeErrorCode.ResourceConflict, `network ${network.name} was found but has incorrect label ${Label.project} set to "${project ?? ''}" (expected: "${r.ctx.project.name}")`);
  }
  if (label !== key) {
    throw new ComposeError(ComposeErrorCode.ResourceConflict, `network ${network.name} was found but has incorrect label ${Label.network} set to "${label ?? ''}" (expected: "${key}")`);
  }
}

function planRecreate(r: Reconcile, key: string, network: Network, found: ObservedNetwork): NetworkPlan {
  const removed = r.plan.add({
    kind: 'RemoveNetwork',
    resource: `network:${key}`,
    reason: 'config changed',
    target: { type: 'network', key, name: network.name, id: found.id },
    order: { group: 0, name: key },
  });
  return { key, state: 'diverged', removed, created: addCreate(r, key, network, 'config changed', removed) };
}

function addCreate(r: Reconcile, key: string, network: Network, reason: string, after?: number): number {
  return r.plan.add({
    kind: 'CreateNetwork',
    resource: `network:${key}`,
    reason,
    target: { type: 'network', key, name: network.name, spec: createSpec(r, key, network) },
    order: { group: 0, name: key },
    after: [after],
  });
}

function createSpec(r: Reconcile, key: string, network: Network): NetworkCreateSpec {
  const pool = network.ipam?.config?.[0];
  return {
    ...(network.driver !== undefined && { driver: network.driver }),
    ...(pool?.subnet !== undefined && { subnet: pool.subnet }),
    ...(pool?.gateway !== undefined && { gateway: pool.gateway }),
    ...(pool?.ip_range !== undefined && { ipRange: pool.ip_range }),
    ...(network.internal !== undefined && { internal: network.internal }),
    ...(network.attachable !== undefined && { attachable: network.attachable }),
    labels: {
      ...network.labels,
      [Label.project]: r.ctx.project.name,
      [Label.network]: key,
      [Label.version]: COMPOSE_VERSION,
      [Label.configHash]: networkConfigHash(network),
    },
    ...(network.driver_opts !== undefined && { options: { ...network.driver_opts } }),
  };
}
