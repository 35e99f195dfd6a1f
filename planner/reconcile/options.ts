// The choices `up` and the other verbs pass to the reconcile step.

export interface UpOptions {
  /** Named on the command line: these and (unless noDeps) their dependencies. */
  readonly services?: readonly string[];
  readonly forceRecreate?: boolean;
  readonly noRecreate?: boolean;
  /** Recreate the dependencies of the named services too. */
  readonly alwaysRecreateDeps?: boolean;
  readonly noDeps?: boolean;
  /** Create only. */
  readonly noStart?: boolean;
  readonly removeOrphans?: boolean;
  readonly scale?: Readonly<Record<string, number>>;
  /** -t: seconds a stop waits before SIGKILL. */
  readonly timeout?: number;
  /** -V: new anonymous volumes instead of the replaced container's. */
  readonly renewAnonVolumes?: boolean;
  /** --wait: wait until every selected replica is running and healthy. */
  readonly wait?: boolean;
  readonly waitTimeoutMs?: number;
  /** Services a profile leaves out: never orphans. */
  readonly disabledServices?: readonly string[];
  /**
   * Leave an up-to-date container that exited 0 as it is instead of starting
   * it again (live reload: a one-shot that did its work is not run again).
   */
  readonly keepCompleted?: boolean;
}

export interface DownOptions {
  readonly removeOrphans?: boolean;
  /** -v: named project volumes and anonymous volumes too. */
  readonly volumes?: boolean;
  readonly timeout?: number;
  readonly services?: readonly string[];
  /** Services a profile leaves out: their containers belong to the project and go too. */
  readonly disabledServices?: readonly string[];
}

export interface StartOptions {
  readonly services?: readonly string[];
}

export interface StopOptions {
  readonly services?: readonly string[];
  readonly timeout?: number;
}

export interface RestartOptions {
  readonly services?: readonly string[];
  readonly timeout?: number;
  /** Restart the named services only, not what depends on them. */
  readonly noDeps?: boolean;
}

export interface RemoveOptions {
  readonly services?: readonly string[];
  /** Stop running containers first (otherwise they are left alone). */
  readonly stop?: boolean;
  /** Take anonymous volumes along. */
  readonly volumes?: boolean;
  readonly timeout?: number;
}
