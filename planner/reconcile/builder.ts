// Collects plan nodes under provisional handles, then numbers them once the
// plan is complete, in a topological order whose ties follow a fixed key:
// the same input always prints the same text, whatever order the reconcile
// steps happened to add nodes in.
import type { ActionKind, ActionTarget, ContainerRef, Plan, PlanNode } from '../plan.js';

/** Where a node sorts among those that are ready at the same time. */
export interface NodeOrder {
  /** 0 networks, 1 volumes, 2 images, 3 containers. */
  readonly group: 0 | 1 | 2 | 3;
  /** A service's rank in dependency order (0 outside containers). */
  readonly rank?: number;
  /** A network or volume key, an image reference, a service name. */
  readonly name: string;
  readonly number?: number;
}

export interface NodeDraft {
  readonly kind: ActionKind;
  readonly resource: string;
  readonly reason: string;
  readonly target: ActionTarget;
  readonly order: NodeOrder;
  /** Handles of nodes that must be done first; undefined entries are skipped. */
  readonly after?: Iterable<number | undefined>;
  readonly optional?: boolean;
}

interface Draft extends NodeDraft {
  readonly handle: number;
  readonly parents: Set<number>;
}

export class PlanBuilder {
  private readonly drafts: Draft[] = [];
  readonly warnings: string[] = [];

  /** Adds a node; returns its handle, for `after` lists and container refs. */
  add(draft: NodeDraft): number {
    const handle = this.drafts.length;
    const parents = new Set<number>();
    for (const parent of draft.after ?? []) if (parent !== undefined) parents.add(parent);
    this.drafts.push({ ...draft, handle, parents });
    return handle;
  }

  /** Makes `handle` wait for `parents` too. */
  after(handle: number, parents: Iterable<number | undefined>): void {
    const draft = this.drafts[handle]!;
    for (const parent of parents) if (parent !== undefined && parent !== handle) draft.parents.add(parent);
  }

  /** The handles of the nodes that match. */
  find(match: (draft: NodeDraft) => boolean): number[] {
    return this.drafts.filter(match).map((draft) => draft.handle);
  }

  /** The handles of the nodes that wait for nothing (yet). */
  roots(): number[] {
    return this.drafts.filter((draft) => draft.parents.size === 0).map((draft) => draft.handle);
  }

  /** Replaces a node's target (a later pass adding what it learned, such as pre_start runners). */
  retarget(handle: number, target: ActionTarget): void {
    const draft = this.drafts[handle]!;
    this.drafts[handle] = { ...draft, target };
  }

  get(handle: number): NodeDraft {
    return this.drafts[handle]!;
  }

  warn(message: string): void {
    if (!this.warnings.includes(message)) this.warnings.push(message);
  }

  finish(project: string): Plan {
    const ordered = this.numbered();
    const ids = new Map(ordered.map((draft, index) => [draft.handle, index + 1]));
    const nodes: PlanNode[] = ordered.map((draft) => ({
      id: ids.get(draft.handle)!,
      kind: draft.kind,
      resource: draft.resource,
      reason: draft.reason,
      dependsOn: [...draft.parents].map((parent) => ids.get(parent)!).sort((a, b) => a - b),
      target: withNodeIds(draft.target, ids),
      ...(draft.optional ? { optional: true } : {}),
    }));
    return { project, nodes, warnings: [...this.warnings] };
  }

  // Kahn's algorithm, always taking the ready node that sorts first.
  private numbered(): Draft[] {
    const children = new Map<number, number[]>();
    const waiting = new Map<number, number>();
    for (const draft of this.drafts) {
      waiting.set(draft.handle, draft.parents.size);
      for (const parent of draft.parents) children.set(parent, [...(children.get(parent) ?? []), draft.handle]);
    }
    const ready = this.drafts.filter((draft) => draft.parents.size === 0);
    const result: Draft[] = [];
    while (ready.length > 0) {
      ready.sort(compareDrafts);
      const next = ready.shift()!;
      result.push(next);
      for (const child of children.get(next.handle) ?? []) {
        const left = waiting.get(child)! - 1;
        waiting.set(child, left);
        if (left === 0) ready.push(this.drafts[child]!);
      }
    }
    if (result.length !== this.drafts.length) throw new Error('plan has a cycle: the reconcile steps linked nodes both ways');
    return result;
  }
}

function compareDrafts(a: Draft, b: Draft): number {
  const x = a.order;
  const y = b.order;
  return (
    x.group - y.group ||
    (x.rank ?? 0) - (y.rank ?? 0) ||
    (x.name < y.name ? -1 : x.name > y.name ? 1 : 0) ||
    (x.number ?? 0) - (y.number ?? 0) ||
    a.handle - b.handle
  );
}

// Container refs made by a CreateContainer node hold that node's handle
// until the plan is numbered.
function withNodeIds(target: ActionTarget, ids: ReadonlyMap<number, number>): ActionTarget {
  if (target.type !== 'container' || !target.container || !('createdBy' in target.container)) return target;
  const container: ContainerRef = { createdBy: ids.get(target.container.createdBy)!, name: target.container.name };
  return { ...target, container };
}
