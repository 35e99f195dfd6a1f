// The one read before a reconcile: a project's containers, and the engine's
// networks and volumes, from their labels, as plain data.
import type { Engine } from '../engine/engine.js';
import { Label } from './labels.js';
import type { Observed, ObservedContainer } from './observed.js';

export interface ObserveOptions {
  /** Image references the project uses: their IDs are looked up. */
  readonly images?: readonly string[];
  /** Containers alone (ps, logs): networks and volumes are not read, and networking is not loaded. */
  readonly containersOnly?: boolean;
}

export async function observe(engine: Engine, project: string, options: ObserveOptions = {}): Promise<Observed> {
  const containers = engine.list({ labels: { [Label.project]: project } }).map((view): ObservedContainer => {
    const labels = view.record.config.labels ?? {};
    return {
      id: view.record.id,
      name: view.record.name,
      service: labels[Label.service] ?? '',
      number: Number(labels[Label.containerNumber] ?? 0),
      // A hook runner, like a one-off, fills no replica slot (and down removes it all the same).
      oneoff: labels[Label.oneoff] === 'True' || labels[Label.hook] !== undefined,
      status: view.state.status,
      exitCode: view.state.exitCode,
      ...(view.health && { health: view.health.Status }),
      configHash: labels[Label.configHash] ?? '',
      imageId: view.record.image.id,
      created: view.record.created,
      labels,
      config: view.record.config,
    };
  });
  if (options.containersOnly) return { project, containers, networks: [], volumes: [], images: {} };
  const networks = (await engine.listNetworks()).map((n) => ({
    id: n.id, name: n.name, labels: n.labels, internal: n.internal, subnet: n.subnet, gateway: n.gateway, containers: n.containers,
  }));
  const volumes = engine.listVolumes().map((v) => ({ name: v.Name, driver: v.Driver, labels: v.Labels }));
  const images: Record<string, string> = {};
  const pulledAt: Record<string, string> = {};
  for (const reference of new Set(options.images ?? [])) {
    const id = engine.imageId(reference);
    if (id) images[reference] = id;
    const pulled = id ? lastPulledOf(engine, reference) : undefined;
    if (pulled) pulledAt[reference] = pulled.toISOString();
  }
  return { project, containers, networks, volumes, images, pulledAt, observedAt: Date.now() };
}

function lastPulledOf(engine: Engine, reference: string): Date | undefined {
  try {
    return engine.lastPulled(reference);
  } catch {
    // A reference that does not parse has no pull record; the image node reports it.
    return undefined;
  }
}
