// What the executor reports as it goes: one event per change of an action's
// state, with docker compose's words, for the CLI (a live block, plain lines
// or JSON) and for library callers.
import type { PlanNode } from './plan.js';

export type ProgressState =
  | 'Creating' | 'Created' | 'Recreate' | 'Recreated' | 'Starting' | 'Started' | 'Waiting' | 'Healthy' | 'Running' | 'Exited'
  | 'Stopping' | 'Stopped' | 'Removing' | 'Removed' | 'Building' | 'Built' | 'Warning' | 'Error';

export interface ProgressEvent {
  /** What a person sees: `Container web-1`, `Network shop_default`, `Volume shop_data`. */
  readonly resource: string;
  readonly state: ProgressState;
  /** The plan's reason while working, the error's message on failure. */
  readonly detail?: string;
  /** The action ended (successfully unless state is Error). */
  readonly done: boolean;
  readonly node: PlanNode;
}

/** A temporary name of a replacement (`<12 hex>_web-1`) shows as the name it ends with. */
export function displayName(node: PlanNode): string {
  const target = node.target;
  switch (target.type) {
    case 'network': return `Network ${target.name}`;
    case 'volume': return `Volume ${target.name}`;
    case 'image': return `Image ${target.reference}`;
    case 'container': {
      const name = target.newName ?? target.config?.name ?? target.container?.name ?? node.resource;
      return `Container ${name.replace(/^[0-9a-f]{12}_/, '')}`;
    }
  }
}

/** The words an action shows while it works and once it is done. */
export function progressWords(node: PlanNode): readonly [ProgressState, ProgressState] | undefined {
  switch (node.kind) {
    case 'CreateNetwork':
    case 'CreateVolume':
      return ['Creating', 'Created'];
    case 'RemoveNetwork':
    case 'RemoveVolume':
    case 'RemoveContainer':
      return ['Removing', 'Removed'];
    case 'CreateContainer':
      return isReplacement(node) ? ['Recreate', 'Recreated'] : ['Creating', 'Created'];
    case 'StartContainer':
      return ['Starting', 'Started'];
    case 'WaitHealthy':
      return ['Waiting', 'Healthy'];
    case 'WaitCompleted':
      return ['Waiting', 'Exited'];
    case 'WaitReady':
      return ['Waiting', 'Healthy'];
    case 'StopContainer':
      return ['Stopping', 'Stopped'];
    case 'EnsureImage':
      if (node.target.type === 'image' && node.target.build) return ['Building', 'Built'];
      return undefined;
    case 'RenameContainer':
      return undefined; // quiet when they succeed: part of a create or a recreate
  }
}

function isReplacement(node: PlanNode): boolean {
  return node.target.type === 'container' && /^[0-9a-f]{12}_/.test(node.target.config?.name ?? '');
}

/** The resources a plan's progress shows, each once, in plan order (what a progress header counts). */
export function shownResources(plan: { readonly nodes: readonly PlanNode[] }): string[] {
  return [...new Set(plan.nodes.filter((n) => progressWords(n) !== undefined).map(displayName))];
}
