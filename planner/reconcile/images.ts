// One EnsureImage node per image reference that a container to be made
// needs and that is not stored yet (or that the file wants pulled every
// time, or pull_policy says it is due); every CreateContainer with that image waits for it.
import { serviceBuild } from '../build-request.js';
import { service, type Reconcile } from './context.js';
import { decidePull, type PullDecision } from './pull-policy.js';

export interface ImageNeed {
  readonly services: ReadonlySet<string>;
  readonly creates: readonly number[];
}

export function planImages(r: Reconcile, needs: ReadonlyMap<string, ImageNeed>): void {
  const images: number[] = [];
  for (const reference of [...needs.keys()].sort()) {
    const need = needs.get(reference)!;
    const services = [...need.services].sort();
    const { reason, pull } = ensureImage(r, reference, services);
    if (reason === undefined) continue;
    const node = r.plan.add({
      kind: 'EnsureImage',
      resource: `image:${reference}`,
      reason,
      // A service that can build it builds it when it is missing (or always, with pull_policy: build); the others pull.
      target: { type: 'image', reference, services, ...(buildOf(r, services, reason).build ? buildOf(r, services, reason) : { pull }) },
      order: { group: 2, name: reference },
    });
    for (const create of need.creates) r.plan.after(create, [node]);
    images.push(node);
  }
  // Images first: one that cannot be had fails the plan before anything changed.
  if (images.length === 0) return;
  for (const root of r.plan.roots()) if (!images.includes(root)) r.plan.after(root, images);
}

function ensureImage(r: Reconcile, reference: string, services: readonly string[]): PullDecision {
  const policies = services.map((name) => service(r, name).pull_policy);
  const pulledAt = r.observed.pulledAt?.[reference];
  return decidePull(policies, { stored: r.observed.images[reference] !== undefined, now: r.observed.observedAt ?? Date.now(), ...(pulledAt && { pulledAt }) });
}

// A missing image, or one the file says to build every time, is built from
// the first of its services that has a build section.
function buildOf(r: Reconcile, services: readonly string[], reason: string): { build?: ReturnType<typeof serviceBuild> } {
  if (reason !== 'not found' && reason !== 'pull_policy: build') return {};
  for (const name of services) {
    const build = serviceBuild(r.ctx, name);
    if (build) return { build };
  }
  return {};
}
