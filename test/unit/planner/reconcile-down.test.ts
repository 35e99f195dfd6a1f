// Golden plans of down, stop, start, restart and rm.
import { describe, expect, it } from 'vitest';
import { planToString } from '../../../planner/plan.js';
import { reconcileDown, reconcileRemove, reconcileRestart, reconcileStart, reconcileStop } from '../../../planner/reconcile/index.js';
import { loadCase, upContainer, upState } from './helpers/observed.js';

const golden = (name: string) => `./golden/down/${name}.txt`;

const APP = `
services:
  web:
    image: web
    depends_on: [api]
    stop_grace_period: 30s
  api:
    image: api
    depends_on: {db: {condition: service_healthy, restart: true}}
    volumes: [/tmp/cache]
  db:
    image: pg
    volumes: [data:/var/lib/db]
networks:
  outside: {external: true}
volumes:
  data: {}
`;
const { ctx } = loadCase(APP);
const oneoff = { ...upContainer(ctx, 'api', 1, { id: 'f'.repeat(64), name: 'demo-api-run-1' }), oneoff: true };
const observed = { ...upState(ctx), containers: [...upState(ctx).containers, oneoff] };

describe('reconcileDown', () => {
  it('stops dependents first, removes every container (one-offs too), then the networks', async () => {
    await expect(planToString(reconcileDown(ctx, observed))).toMatchFileSnapshot(golden('down'));
  });

  it('with -v also removes named volumes and anonymous ones', async () => {
    const plan = reconcileDown(ctx, observed, { volumes: true, timeout: 3 });
    await expect(planToString(plan)).toMatchFileSnapshot(golden('down-volumes'));
    expect(plan.nodes.filter((n) => n.kind === 'RemoveContainer').every((n) => n.target.type === 'container' && n.target.removeVolumes)).toBe(true);
    expect(plan.nodes.filter((n) => n.kind === 'StopContainer').map((n) => n.target.type === 'container' && n.target.timeout)).toEqual([3, 3, 3, 3]);
  });

  it('leaves orphans unless asked, and works from labels alone without a file', async () => {
    const orphan = upContainer(loadCase('services:\n  old: {image: old}\n').ctx, 'old', 1);
    const withOrphan = { ...observed, containers: [...observed.containers, orphan] };
    expect(planToString(reconcileDown(ctx, withOrphan))).not.toContain('service:old:1');
    expect(planToString(reconcileDown(ctx, withOrphan, { removeOrphans: true }))).toContain('RemoveContainer service:old:1 (orphan)');
    await expect(planToString(reconcileDown({ projectName: 'demo' }, withOrphan))).toMatchFileSnapshot(golden('down-from-labels'));
  });
});

describe('the other verbs', () => {
  const stopped = { ...observed, containers: observed.containers.map((c) => (c.service === 'web' ? c : { ...c, status: 'exited' as const })) };

  it('stop: dependents first, with their stop_grace_period', async () => {
    const plan = reconcileStop(ctx, observed);
    await expect(planToString(plan)).toMatchFileSnapshot(golden('stop'));
    expect(plan.nodes.find((n) => n.resource === 'service:web:1')?.target).toMatchObject({ timeout: 30 });
  });

  it('start: what is not running, after the healthcheck of what it depends on', async () => {
    await expect(planToString(reconcileStart(ctx, stopped))).toMatchFileSnapshot(golden('start'));
  });

  it('restart: the named service and what depends on it with restart: true', async () => {
    await expect(planToString(reconcileRestart(ctx, observed, { services: ['db'] }))).toMatchFileSnapshot(golden('restart'));
    expect(planToString(reconcileRestart(ctx, observed, { services: ['db'], noDeps: true }))).not.toContain('service:api');
  });

  it('rm: stopped containers only, running ones too with -s', async () => {
    await expect(planToString(reconcileRemove(ctx, stopped))).toMatchFileSnapshot(golden('rm'));
    await expect(planToString(reconcileRemove(ctx, stopped, { stop: true, volumes: true }))).toMatchFileSnapshot(golden('rm-stop'));
  });
});

describe('reconcileDown and orphans', () => {
  it('keeps a network that orphans left running still use, saying why', async () => {
    const { loadCase, upContainer, upState } = await import('./helpers/observed.js');
    const { reconcileDown } = await import('../../../planner/reconcile/index.js');
    const { planToString } = await import('../../../planner/plan.js');
    const { ctx } = loadCase('services:\n  web:\n    image: web:1\n');
    const orphan = { ...upContainer(ctx, 'web', 1), id: 'f'.repeat(64), name: 'demo-old-1', service: 'old' };
    const observed = upState(ctx, { containers: [upContainer(ctx, 'web', 1), orphan] });
    const withOrphan = { ...observed, networks: observed.networks.map((n) => ({ ...n, containers: observed.containers.map((c) => c.id) })) };
    const text = planToString(reconcileDown(ctx, withOrphan));
    expect(text).toMatch(/^warning: network demo_default is kept: containers not taken down use it \(demo-old-1\)/m);
    expect(text).not.toMatch(/RemoveNetwork/);
  });
});
