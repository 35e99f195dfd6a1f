// Live reload: the running stack follows its files. Changes to what the
// loader read (compose files, includes, extends, .env, env files) reload the
// project and apply the difference with the same reconcile and execute as
// `up`; changes under a `develop.watch` path sync, exec or restart. Batches
// are made by planner/watch.ts; one is applied at a time.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Plan } from '../planner/plan.js';
import type { UpOptions as PlanUpOptions } from '../planner/reconcile/index.js';
import { classifyChanges, IDLE, nextBatch, watchRules, type BatchEvent, type BatchState, type ServiceUpdate, type ServiceWatchRule } from '../planner/watch.js';
import { openWatched, type WatchedOpen } from './watch-open.js';
import { applyServiceUpdate, initialSync } from './watch-sync.js';
import { FileWatchers } from './watch-files.js';
import { up } from './up.js';
import type { ComposeProject } from './project.js';
import type { ApplyOutcome, ProjectWatch, WatchOptions, WatchReport } from './watch-types.js';

export type { ApplyOutcome, ProjectWatch, WatchOptions, WatchReport } from './watch-types.js';

const DEFAULT_QUIET_MS = 50;

export function watchProject(options: WatchOptions): ProjectWatch {
  return new Watch(options).handle();
}

class Watch {
  private opened: WatchedOpen;
  private rules: ServiceWatchRule[];
  private batch: BatchState = IDLE;
  private timer: NodeJS.Timeout | undefined;
  private applying: Promise<void> = Promise.resolve();
  private waiters: ((outcome: ApplyOutcome) => void)[] = [];
  private readonly files: FileWatchers;
  private closed = false;

  constructor(private readonly options: WatchOptions) {
    this.opened = openWatched(options);
    if (this.opened.error !== undefined) throw this.opened.error;
    this.rules = this.rulesOf(this.opened.project!);
    this.files = new FileWatchers((paths) => this.dispatch({ kind: 'changed', paths }));
  }

  handle(): ProjectWatch {
    return {
      ready: this.start(),
      project: () => this.opened.project!,
      nextApply: () => new Promise((resolve) => this.waiters.push(resolve)),
      close: () => this.close(),
    };
  }

  private async start(): Promise<void> {
    const project = this.opened.project!;
    if (!this.options.noUp) await up(project, this.upOptions({ initial: true }));
    for (const rule of this.rules.filter((r) => r.initialSync)) await initialSync(project, rule, (r) => this.report(r));
    await this.files.watch(this.opened.files, this.rules);
    this.report({ kind: 'watching', files: this.opened.files, rules: this.rules });
  }

  private dispatch(event: BatchEvent): void {
    if (this.closed) return;
    const { state, effects } = nextBatch(this.batch, event);
    this.batch = state;
    for (const effect of effects) {
      if (effect.kind === 'arm') {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.dispatch({ kind: 'settled' }), this.options.quietMs ?? DEFAULT_QUIET_MS);
      } else {
        this.applying = this.apply(effect.paths).finally(() => this.dispatch({ kind: 'applied' }));
      }
    }
  }

  private async apply(paths: readonly string[]): Promise<void> {
    this.report({ kind: 'changed', paths });
    let outcome: ApplyOutcome = { paths, updates: [] };
    try {
      if (paths.some((path) => this.opened.files.includes(path))) outcome = await this.reload(paths);
      if (outcome.error === undefined) outcome = { ...outcome, updates: await this.applyRules(paths) };
    } catch (error) {
      outcome = { ...outcome, error };
      this.report({ kind: 'apply-failed', error });
    }
    this.report({ kind: 'applied', outcome });
    for (const waiter of this.waiters.splice(0)) waiter(outcome);
  }

  // A load that fails keeps the project (and the stack) as they were; the
  // files it read are watched all the same, so the fix is seen.
  private async reload(paths: readonly string[]): Promise<ApplyOutcome> {
    const opened = openWatched({ ...this.options, ...(this.options.engine === undefined && { engine: this.opened.project!.engine }) });
    if (opened.error !== undefined) {
      this.opened = { ...this.opened, files: [...new Set([...this.opened.files, ...opened.files])].sort() };
      await this.files.watch(this.opened.files, this.rules);
      this.report({ kind: 'reload-failed', error: opened.error });
      return { paths, error: opened.error, updates: [] };
    }
    this.opened = opened;
    this.rules = this.rulesOf(opened.project!);
    await this.files.watch(opened.files, this.rules);
    let plan: Plan | undefined;
    const ran = await up(opened.project!, { ...this.upOptions({ initial: false }), onPlan: (p) => ((plan = p), this.report({ kind: 'plan', plan: p })) });
    return { paths, ...(plan && { plan }), ...(ran.result && { result: ran.result }), updates: [] };
  }

  private async applyRules(paths: readonly string[]): Promise<ServiceUpdate[]> {
    const { updates } = classifyChanges(paths, { projectFiles: new Set(), rules: this.rules });
    for (const update of updates) await applyServiceUpdate(this.opened.project!, update, (r) => this.report(r));
    return [...updates];
  }

  private upOptions(options: { initial: boolean }): PlanUpOptions & Parameters<typeof up>[1] {
    return {
      ...this.options.up,
      // After the first up, a file's services are what runs: those it lost go,
      // and one-shots that did their work are not run again.
      ...(!options.initial && { removeOrphans: true, keepCompleted: true }),
      ...(this.options.onEvent && { onEvent: this.options.onEvent }),
      ...(this.options.onWarning && { onWarning: this.options.onWarning }),
    };
  }

  private rulesOf(project: ComposeProject): ServiceWatchRule[] {
    return watchRules(project.loaded.project, { readDockerignore: (dir) => readOptional(join(dir, '.dockerignore')) });
  }

  private report(report: WatchReport): void {
    this.options.onReport?.(report);
  }

  private async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    await this.files.close();
    await this.applying.catch(() => undefined);
  }
}

function readOptional(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}
