// A plan: what must change for the observed state to equal the model, as a
// DAG of actions, each with its reason. Plain data; planToString() gives the
// stable text that `up --dry-run` prints and the golden tests compare.
import type { ContainerConfig } from '../engine/container/config.js';
import type { BuildRequest } from '../engine/engine.js';

/** A build as a plan holds it: plain data, the output stream left to the executor's caller. */
export type ImageBuildSpec = Omit<BuildRequest, 'output'>;

/** What an EnsureImage node does: pull whatever is stored, pull only when missing, never pull, or leave it to a build. */
export type ImagePull = 'always' | 'missing' | 'never' | 'build';

export type ActionKind =
  | 'CreateNetwork'
  | 'RemoveNetwork'
  | 'CreateVolume'
  | 'RemoveVolume'
  | 'EnsureImage'
  | 'CreateContainer'
  | 'StartContainer'
  | 'WaitHealthy'
  | 'WaitCompleted'
  | 'WaitReady'
  | 'StopContainer'
  | 'RemoveContainer'
  | 'RenameContainer';

/**
 * A container an action works on: one that exists (by id), or the one an
 * earlier CreateContainer node makes (its id is known only once it ran).
 */
export type ContainerRef = { readonly id: string; readonly name: string } | { readonly createdBy: number; readonly name: string };

export type ActionTarget =
  | { readonly type: 'network'; readonly key: string; readonly name: string; readonly id?: string; readonly spec?: NetworkCreateSpec }
  | { readonly type: 'volume'; readonly key: string; readonly name: string; readonly spec?: VolumeCreateSpec }
  | {
      readonly type: 'image';
      readonly reference: string;
      readonly services: readonly string[];
      /** Whether and when to pull it (from the services' pull_policy, or up --pull). */
      readonly pull?: ImagePull;
      /** Build the image from this (a service's `build:` section) rather than pull it or expect it in the store. */
      readonly build?: ImageBuildSpec;
    }
  | {
      readonly type: 'container';
      readonly service: string;
      readonly number: number;
      /** CreateContainer: what to make. */
      readonly config?: ContainerConfig;
      /** Every other container action: which container. */
      readonly container?: ContainerRef;
      /** RenameContainer: the name it ends with. */
      readonly newName?: string;
      /** StopContainer: seconds before SIGKILL (the service's stop_grace_period unless -t). */
      readonly timeout?: number;
      /** RemoveContainer: take anonymous volumes along. */
      readonly removeVolumes?: boolean;
      /** Waits: how long at most, in ms (undefined: no limit). */
      readonly timeoutMs?: number;
      /** StartContainer: the service's post_start hooks, run once it started; StopContainer: its pre_stop hooks, run first. */
      readonly hooks?: readonly HookCommand[];
      /** StartContainer: pre_start runners, each made, run to its end and removed, in order, before the container starts. */
      readonly preStart?: readonly ContainerConfig[];
    };

/** A lifecycle hook: a command run in the container, as `exec` runs it. */
export interface HookCommand {
  readonly cmd: readonly string[];
  /** KEY=VALUE over the container's environment. */
  readonly env?: readonly string[];
  readonly user?: string;
  readonly workingDir?: string;
  readonly privileged?: boolean;
}

export interface NetworkCreateSpec {
  readonly driver?: string;
  readonly subnet?: string;
  readonly gateway?: string;
  readonly ipRange?: string;
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly labels: Readonly<Record<string, string>>;
  readonly options?: Readonly<Record<string, string>>;
}

export interface VolumeCreateSpec {
  readonly driver?: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly options?: Readonly<Record<string, string>>;
}

export interface PlanNode {
  /** 1-based; nodes are listed in this order, parents before children. */
  readonly id: number;
  readonly kind: ActionKind;
  /** `service:web:1`, `network:default`, `volume:data`, `image:busybox`. */
  readonly resource: string;
  /** Why this action is needed, for people: `config changed: environment.DEBUG`. */
  readonly reason: string;
  readonly dependsOn: readonly number[];
  readonly target: ActionTarget;
  /** A failure here is reported and does not fail the plan (a `required: false` dependency). */
  readonly optional?: boolean;
}

export interface Plan {
  readonly project: string;
  readonly nodes: readonly PlanNode[];
  /** Things worth saying that change nothing (a volume that differs from the file, a missing optional dependency). */
  readonly warnings: readonly string[];
}

/** One line per node: `#4 CreateContainer service:web:1 (config changed: environment.DEBUG) after #2 #3`. */
export function planToString(plan: Plan): string {
  const lines = plan.nodes.map((node) => {
    const reason = node.reason ? ` (${node.reason})` : '';
    const after = node.dependsOn.length > 0 ? ` after ${[...node.dependsOn].sort((a, b) => a - b).map((id) => `#${id}`).join(' ')}` : '';
    return `#${node.id} ${node.kind} ${node.resource}${reason}${after}`;
  });
  const warnings = plan.warnings.map((w) => `warning: ${w}`);
  return [...warnings, ...lines].map((line) => `${line}\n`).join('') || 'nothing to do\n';
}
