// A recreate interrupted at each of its steps (the replacement made, the old
// one stopped, removed, the name handed over, started): the next `up`
// converges from what it left, without making a third container.
import { describe, expect, it } from 'vitest';
import { Label } from '../../../planner/labels.js';
import type { ObservedContainer } from '../../../planner/observed.js';
import { planToString } from '../../../planner/plan.js';
import { reconcileUp } from '../../../planner/reconcile/index.js';
import { fakeId, loadCase, upContainer, upState } from './helpers/observed.js';

const yaml = (debug: string) => `
services:
  web:
    image: web
    environment: {DEBUG: "${debug}"}
    volumes: [/cache]
`;
const before = loadCase(yaml('0')).ctx;
const { ctx } = loadCase(yaml('1'));
const old = upContainer(before, 'web', 1);
const temporary = `${old.id.slice(0, 12)}_demo-web-1`;
const replacement = (changes: Partial<ObservedContainer>): ObservedContainer => {
  const made = upContainer(ctx, 'web', 1, { id: fakeId('replacement'), name: temporary, status: 'created', created: '2024-05-02T10:00:00Z', ...changes });
  return { ...made, labels: { ...made.labels, [Label.replaces]: old.id } };
};
const planFor = (containers: ObservedContainer[]) => planToString(reconcileUp(ctx, { ...upState(ctx), containers }));
const golden = (name: string) => `./golden/recreate/${name}.txt`;

describe('an interrupted recreate', () => {
  it('starts as a plain recreate', async () => {
    await expect(planFor([old])).toMatchFileSnapshot(golden('0-not-started'));
  });

  it('after the replacement was made: the old one goes, the replacement takes the name', async () => {
    await expect(planFor([old, replacement({})])).toMatchFileSnapshot(golden('1-created'));
  });

  it('after the old one was stopped: it is only removed', async () => {
    await expect(planFor([{ ...old, status: 'exited' }, replacement({})])).toMatchFileSnapshot(golden('2-stopped'));
  });

  it('after the old one was removed: the lone replacement is renamed and started', async () => {
    await expect(planFor([replacement({})])).toMatchFileSnapshot(golden('3-removed'));
  });

  it('after the rename: only the start is left', async () => {
    await expect(planFor([replacement({ name: 'demo-web-1' })])).toMatchFileSnapshot(golden('4-renamed'));
  });

  it('after the start: nothing is left', () => {
    expect(planFor([replacement({ name: 'demo-web-1', status: 'running' })])).toBe('nothing to do\n');
  });

  it('keeps the canonical name, then the newest, when no container matches the file', async () => {
    const stale = upContainer(before, 'web', 1, { id: fakeId('stale'), name: temporary, status: 'created', created: '2024-05-02T10:00:00Z' });
    await expect(planFor([old, stale])).toMatchFileSnapshot(golden('no-match'));
  });
});
