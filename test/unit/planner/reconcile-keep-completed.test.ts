// keepCompleted, as live reload asks for it: a one-shot that did its work is
// left alone; one that failed, or changed, is not.
import { describe, expect, it } from 'vitest';
import { planToString } from '../../../planner/plan.js';
import { reconcileUp } from '../../../planner/reconcile/index.js';
import { loadCase, upState } from './helpers/observed.js';

const JOBS = `
services:
  migrate:
    image: tool
    command: [migrate]
  app:
    image: app
    depends_on:
      migrate: {condition: service_completed_successfully}
`;

describe('reconcileUp with keepCompleted', () => {
  const { ctx } = loadCase(JOBS);
  const withMigrate = (changes: { status: 'exited'; exitCode: number }) => ({
    ...upState(ctx),
    containers: upState(ctx).containers.map((c) => (c.service === 'migrate' ? { ...c, ...changes } : c)),
  });

  it('does not start an up-to-date container that exited 0', () => {
    expect(planToString(reconcileUp(ctx, withMigrate({ status: 'exited', exitCode: 0 }), { keepCompleted: true }))).toBe('nothing to do\n');
  });

  it('still starts one that failed', () => {
    expect(planToString(reconcileUp(ctx, withMigrate({ status: 'exited', exitCode: 3 }), { keepCompleted: true }))).toMatch(/StartContainer service:migrate:1 \(not running\)/);
  });

  it('still runs it again without the option, as up does', () => {
    expect(planToString(reconcileUp(ctx, withMigrate({ status: 'exited', exitCode: 0 })))).toMatch(/StartContainer service:migrate:1/);
  });
});
