// Why a replica that exists must be made again, if it must: the first
// reason that applies, in the order a user would look for it.
import type { ContainerConfig } from '../../engine/container/config.js';
import type { ObservedContainer } from '../observed.js';
import { changedFields } from './config-diff.js';
import { service, type Reconcile } from './context.js';
import type { NetworkPlan } from './networks.js';
import { serviceNetworkKeys } from './networks.js';
import type { VolumePlan } from './volumes.js';
import { serviceVolumeKeys } from './volumes.js';

export interface RecreateInputs {
  readonly networks: ReadonlyMap<string, NetworkPlan>;
  readonly volumes: ReadonlyMap<string, VolumePlan>;
  /** Services with a replica made again (or made where none was) earlier in dependency order. */
  readonly replaced: ReadonlySet<string>;
  /** --force-recreate or --always-recreate-deps, as it applies to this service. */
  readonly forced?: string;
  readonly expectedHash: string;
  readonly expectedImageId?: string;
  readonly desired: ContainerConfig;
}

export interface RecreateReason {
  readonly reason: string;
  /**
   * Remove the old container before making the new one rather than after:
   * when its network is remade, or when it shares a namespace with a parent
   * that is replaced (the old one cannot outlive it anyway).
   */
  readonly removeFirst: boolean;
}

export function recreateReason(r: Reconcile, name: string, container: ObservedContainer, inputs: RecreateInputs): RecreateReason | undefined {
  const svc = service(r, name);
  const networkKeys = serviceNetworkKeys(svc);
  const diverged = networkKeys.find((key) => inputs.networks.get(key)?.state === 'diverged');
  if (diverged) return { reason: `network ${diverged} recreated`, removeFirst: true };
  const parent = parentServices(r, name).find((p) => inputs.replaced.has(p));
  if (parent) return { reason: `parent ${parent} recreated`, removeFirst: true };
  const simple = (reason: string): RecreateReason => ({ reason, removeFirst: false });
  if (inputs.forced) return simple(inputs.forced);
  if (serviceVolumeKeys(r, svc).some((key) => inputs.volumes.get(key)?.created !== undefined)) return simple('volume data missing');
  const missing = networkKeys.find((key) => inputs.networks.get(key)?.state === 'missing');
  if (missing) return simple(`network ${missing} missing`);
  const dependency = Object.entries(svc.depends_on ?? {}).find(([dep, spec]) => spec.restart === true && inputs.replaced.has(dep));
  if (dependency) return simple(`dependency ${dependency[0]} recreated`);
  if (container.configHash !== inputs.expectedHash) {
    const fields = container.config ? changedFields(inputs.desired, container.config) : [];
    return simple(fields.length > 0 ? `config changed: ${fields.join(', ')}` : 'config changed');
  }
  if (inputs.expectedImageId !== undefined && container.imageId !== inputs.expectedImageId) return simple('image changed');
  return undefined;
}

/** Services whose container this one joins or mounts from: network_mode, ipc, pid `service:X` and volumes_from X. */
export function parentServices(r: Reconcile, name: string): string[] {
  const svc = service(r, name);
  const parents = [svc.network_mode, svc.ipc, svc.pid]
    .map((mode) => /^service:(.+)$/.exec(mode ?? '')?.[1])
    .filter((p): p is string => p !== undefined);
  for (const from of svc.volumes_from ?? []) if (!from.startsWith('container:')) parents.push(from.split(':')[0]!);
  return [...new Set(parents)].filter((p) => p in r.ctx.project.services).sort();
}
