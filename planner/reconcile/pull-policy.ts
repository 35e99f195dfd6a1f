// What pull_policy asks of one image: whether an EnsureImage node is needed,
// why, and whether it pulls. Several services sharing an image get the
// strongest wish among theirs (always, then build, then missing, then never).
import type { ImagePull } from '../plan.js';

export interface ImageState {
  readonly stored: boolean;
  /** ISO time of the last pull of this reference, if any. */
  readonly pulledAt?: string;
  /** The planner's clock, ms since the epoch. */
  readonly now: number;
}

export interface PullDecision {
  readonly pull: ImagePull;
  /** Why a node is needed; undefined: the stored image will do. */
  readonly reason?: string;
}

const RANK: Readonly<Record<ImagePull, number>> = { always: 3, build: 2, missing: 1, never: 0 };
const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

export function decidePull(policies: readonly (string | undefined)[], state: ImageState): PullDecision {
  const decisions = policies.map((policy) => decideOne(policy, state));
  return decisions.reduce((best, d) => (RANK[d.pull] > RANK[best.pull] || (RANK[d.pull] === RANK[best.pull] && best.reason === undefined) ? d : best));
}

function decideOne(policy: string | undefined, state: ImageState): PullDecision {
  const missing = state.stored ? undefined : 'not found';
  switch (policy) {
    case 'always':
      return { pull: 'always', reason: 'pull_policy: always' };
    case 'build':
      return { pull: 'build', reason: 'pull_policy: build' };
    case 'never':
      return { pull: 'never', ...(missing && { reason: missing }) };
    case undefined:
    case 'missing':
    case 'if_not_present':
      return { pull: 'missing', ...(missing && { reason: missing }) };
    default: {
      const interval = intervalMs(policy);
      if (interval === undefined || missing) return { pull: 'missing', ...(missing && { reason: missing }) };
      const last = state.pulledAt === undefined ? undefined : Date.parse(state.pulledAt);
      if (last !== undefined && state.now - last < interval) return { pull: 'missing' };
      return { pull: 'always', reason: `pull_policy: ${policy} (${last === undefined ? 'never pulled' : `last pulled ${state.pulledAt}`})` };
    }
  }
}

/** daily, weekly, every_12h, every_1h30m: the interval in ms; undefined for anything else. */
export function intervalMs(policy: string): number | undefined {
  if (policy === 'daily') return UNIT_MS['d']!;
  if (policy === 'weekly') return UNIT_MS['w']!;
  const match = /^every_((?:\d+(?:ms|s|m|h|d|w))+)$/.exec(policy);
  if (!match) return undefined;
  let total = 0;
  for (const [, n, unit] of match[1]!.matchAll(/(\d+)(ms|s|m|h|d|w)/g)) total += Number(n) * UNIT_MS[unit!]!;
  return total > 0 ? total : undefined;
}
