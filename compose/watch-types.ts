// What live reload takes and tells: its options, the outcome of each apply,
// and the reports a caller shows as they happen.
import type { ExecuteResult } from '../planner/executor.js';
import type { Plan } from '../planner/plan.js';
import type { ProgressEvent } from '../planner/progress.js';
import type { UpOptions as PlanUpOptions } from '../planner/reconcile/index.js';
import type { ServiceUpdate, ServiceWatchRule } from '../planner/watch.js';
import type { ComposeProject, OpenOptions } from './project.js';
import type { ServiceReport } from './watch-sync.js';

export interface WatchOptions extends OpenOptions {
  /** What the first `up` and every reload ask of the reconcile (services, scale, ...). */
  readonly up?: PlanUpOptions;
  /** Do not bring the stack up first (`watch --no-up`): watch what runs. */
  readonly noUp?: boolean;
  /** How long the files must stay quiet before a batch is applied; default 50 ms. */
  readonly quietMs?: number;
  readonly onReport?: (report: WatchReport) => void;
  /** Progress of the plans being executed, as `up` reports it. */
  readonly onEvent?: (event: ProgressEvent) => void;
  readonly onWarning?: (message: string) => void;
}

export interface ApplyOutcome {
  /** The changed paths this apply was for, sorted. */
  readonly paths: readonly string[];
  /** Set when the project was loaded again and planned. */
  readonly plan?: Plan;
  readonly result?: ExecuteResult;
  /** The load or the apply failed: the stack was left as it was (or as far as the apply got). */
  readonly error?: unknown;
  readonly updates: readonly ServiceUpdate[];
}

export type WatchReport =
  | { readonly kind: 'watching'; readonly files: readonly string[]; readonly rules: readonly ServiceWatchRule[] }
  | { readonly kind: 'changed'; readonly paths: readonly string[] }
  | { readonly kind: 'reload-failed'; readonly error: unknown }
  | { readonly kind: 'plan'; readonly plan: Plan }
  | { readonly kind: 'applied'; readonly outcome: ApplyOutcome }
  | { readonly kind: 'apply-failed'; readonly error: unknown }
  | ServiceReport;

export interface ProjectWatch {
  /** Resolves once the stack is up, initial syncs are done and the files are watched. */
  readonly ready: Promise<void>;
  /** The project as last loaded without error. */
  readonly project: () => ComposeProject;
  /** The outcome of the next apply to finish after this call. */
  nextApply(): Promise<ApplyOutcome>;
  /** Stops watching (after the apply in progress, if any); the stack keeps running. */
  close(): Promise<void>;
}
