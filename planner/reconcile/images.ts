// One EnsureImage node per image reference that a container to be made
// needs and that is not stored yet (or that the file wants pulled every
// time); every CreateContainer with that image waits for it.
import { serviceBuild } from '../build-request.js';
import { service, type Reconcile } from './context.js';

export interface ImageNeed {
  readonly services: ReadonlySet<string>;
  readonly creates: readonly number[];
}

export function planImages(r: Reconcile, needs: ReadonlyMap<string, ImageNeed>): void {
  const images: number[] = [];
  for (const reference of [...needs.keys()].sort()) {
    const need = needs.get(reference)!;
    const services = [...need.services].sort();
    const reason = ensureReason(r, reference, services);
    if (reason === undefined) continue;
    const node = r.plan.add({
      kind: 'EnsureImage',
      resource: `image:${reference}`,
      reason,
      target: { type: 'image', reference, services, ...buildOf(r, services, reason) },
      order: { group: 2, name: reference },
    });
    for (const create of need.creates) r.plan.after(create, [node]);
    images.push(node);
  }
  // Images first: one that cannot be had fails the plan before anything changed.
  if (images.length === 0) return;
  for (const root of r.plan.roots()) if (!images.includes(root)) r.plan.after(root, images);
}

function ensureReason(r: Reconcile, reference: string, services: readonly string[]): string | undefined {
  const policies = services.map((name) => service(r, name).pull_policy);
  if (policies.includes('always')) return 'pull_policy: always';
  if (policies.includes('build')) return 'pull_policy: build';
  if (r.observed.images[reference] === undefined) return 'not found';
  return undefined;
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
