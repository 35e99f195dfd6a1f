// The named project volumes the selected services mount: made when missing,
// found by name when external. A volume that differs from the file is only
// reported: remaking it would lose its data, which only `down -v` may do.
import type { Service, Volume } from '../../compose-schema/model.js';
import { ComposeError, ComposeErrorCode } from '../../errors.js';
import { COMPOSE_VERSION, Label } from '../labels.js';
import type { ObservedVolume } from '../observed.js';
import type { Reconcile } from './context.js';

export interface VolumePlan {
  readonly key: string;
  /** The CreateVolume node, when the volume is missing. */
  readonly created?: number;
}

/** The project volume keys a service mounts by name. */
export function serviceVolumeKeys(r: Reconcile, service: Service): string[] {
  const keys = (service.volumes ?? [])
    .filter((v) => v.type === 'volume' && v.source !== undefined && v.source in r.ctx.project.volumes)
    .map((v) => v.source!);
  return [...new Set(keys)].sort();
}

export function planVolumes(r: Reconcile, keys: readonly string[]): Map<string, VolumePlan> {
  const plans = new Map<string, VolumePlan>();
  for (const key of [...keys].sort()) {
    const volume = r.ctx.project.volumes[key]!;
    const found = r.observed.volumes.find((v) => v.name === volume.name);
    if (volume.external) {
      if (!found) throw new ComposeError(ComposeErrorCode.UndefinedReference, `external volume "${volume.name}" not found`);
      plans.set(key, { key });
    } else if (found) {
      if (differs(volume, found)) r.plan.warn(`volume ${volume.name} exists with a different configuration: recreate it with down -v`);
      plans.set(key, { key });
    } else {
      plans.set(key, { key, created: addCreate(r, key, volume) });
    }
  }
  return plans;
}

function addCreate(r: Reconcile, key: string, volume: Volume): number {
  return r.plan.add({
    kind: 'CreateVolume',
    resource: `volume:${key}`,
    reason: 'not found',
    target: { type: 'volume', key, name: volume.name, spec: { ...(volume.driver !== undefined && { driver: volume.driver }), labels: volumeLabels(r, key, volume), ...(volume.driver_opts !== undefined && { options: { ...volume.driver_opts } }) } },
    order: { group: 1, name: key },
  });
}

function volumeLabels(r: Reconcile, key: string, volume: Volume): Record<string, string> {
  return { ...volume.labels, [Label.project]: r.ctx.project.name, [Label.volume]: key, [Label.version]: COMPOSE_VERSION };
}

// The driver (local when unset) and the file's own labels. Compose's labels
// are left out: a volume made by hand may lack them without being different.
function differs(volume: Volume, found: ObservedVolume): boolean {
  if ((volume.driver ?? 'local') !== (found.driver || 'local')) return true;
  return Object.entries(volume.labels ?? {}).some(([key, value]) => found.labels[key] !== value);
}
