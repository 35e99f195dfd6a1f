// pre_start runners in a plan: on the lowest replica being started, only when
// none of the service runs, each made from the service's configuration.
import { describe, expect, it } from 'vitest';
import { reconcileUp } from '../../../planner/reconcile/index.js';
import { emptyState, loadCase, upContainer, upState } from './helpers/observed.js';

const HOOKED = `
services:
  app:
    image: app:1
    ports: ["8080:80"]
    volumes: [data:/data]
    scale: 2
    pre_start:
      - command: [migrate, --up]
        user: root
        environment: {STEP: one}
      - command: [seed]
volumes:
  data:
`;

const runners = (plan: ReturnType<typeof reconcileUp>) =>
  plan.nodes.filter((n) => n.kind === 'StartContainer').map((n) => (n.target.type === 'container' ? [n.target.number, n.target.preStart?.map((c) => c.name) ?? []] : []));

describe('pre_start in a plan', () => {
  it('runs the hooks on the first replica started, in order, from the service\'s configuration without its ports', () => {
    const { ctx } = loadCase(HOOKED);
    const plan = reconcileUp(ctx, emptyState(ctx));
    expect(runners(plan)).toEqual([[1, ['demo-app-pre_start-0', 'demo-app-pre_start-1']], [2, []]]);
    const start = plan.nodes.find((n) => n.kind === 'StartContainer' && n.target.type === 'container' && n.target.number === 1)!;
    const [first] = start.target.type === 'container' ? start.target.preStart! : [];
    expect(first).toMatchObject({ image: 'app:1', cmd: ['migrate', '--up'], user: 'root', volumesFrom: [{ container: 'demo-app-1' }] });
    expect(first!.env).toContain('STEP=one');
    expect(first!.ports).toBeUndefined();
    expect(first!.labels).toMatchObject({ 'com.docker.compose.hook': 'pre_start', 'com.docker.compose.hook.index': '0' });
    expect(first!.labels?.['com.docker.compose.config-hash']).toBeUndefined();
  });

  it('runs nothing when a replica already runs', () => {
    const { ctx } = loadCase(HOOKED);
    const observed = upState(ctx, { containers: [upContainer(ctx, 'app', 1), upContainer(ctx, 'app', 2, { status: 'exited' })] });
    expect(runners(reconcileUp(ctx, observed))).toEqual([[2, []]]);
  });
});
