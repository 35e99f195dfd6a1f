// Live reload, the pure half: how changes are batched, and what a batch of
// changed paths asks for (a reload of the project, files synced into a
// service's containers, a restart, a command). compose/watch.ts is the
// effectful half: it watches, and applies what this decides.

export { watchRules, ruleTakes, ruleIgnores } from './watch-rules.js';
export type { ServiceWatchRule, WatchAction, RuleSources } from './watch-rules.js';
export { classifyChanges } from './watch-changes.js';
export type { ChangeSet, ServiceUpdate, SyncFile } from './watch-changes.js';
export { compilePatterns, parseIgnoreFile } from './watch-patterns.js';

// --- batching -------------------------------------------------------------

/**
 * `idle`: nothing pending. `settling`: changes arrived and the quiet period
 * runs (every new change restarts it). `applying`: a batch is being applied;
 * what arrives meanwhile waits for the next one, never interleaves.
 */
export type BatchPhase = 'idle' | 'settling' | 'applying';

export interface BatchState {
  readonly phase: BatchPhase;
  /** Changed paths not yet handed to an apply, sorted, each once. */
  readonly pending: readonly string[];
}

export type BatchEvent =
  | { readonly kind: 'changed'; readonly paths: readonly string[] }
  /** The quiet period ended without a new change. */
  | { readonly kind: 'settled' }
  /** The apply in progress finished (well or not). */
  | { readonly kind: 'applied' };

export type BatchEffect =
  /** (Re)start the quiet period's timer. */
  | { readonly kind: 'arm' }
  | { readonly kind: 'apply'; readonly paths: readonly string[] };

export const IDLE: BatchState = { phase: 'idle', pending: [] };

export function nextBatch(state: BatchState, event: BatchEvent): { state: BatchState; effects: BatchEffect[] } {
  switch (event.kind) {
    case 'changed': {
      const pending = [...new Set([...state.pending, ...event.paths])].sort();
      if (state.phase === 'applying') return { state: { phase: 'applying', pending }, effects: [] };
      return { state: { phase: 'settling', pending }, effects: [{ kind: 'arm' }] };
    }
    case 'settled':
      // A timer that fires while applying (or after) has nothing to start.
      if (state.phase !== 'settling' || state.pending.length === 0) return { state, effects: [] };
      return { state: { phase: 'applying', pending: [] }, effects: [{ kind: 'apply', paths: state.pending }] };
    case 'applied':
      if (state.pending.length === 0) return { state: IDLE, effects: [] };
      return { state: { phase: 'settling', pending: state.pending }, effects: [{ kind: 'arm' }] };
  }
}
