// Golden plans of `up`: a compose file, what exists, the options, and the
// plan's text in golden/<case>.txt.
import { describe, expect, it } from 'vitest';
import { planToString, type Plan } from '../../../planner/plan.js';
import { reconcileCreate, reconcileUp } from '../../../planner/reconcile/index.js';
import { emptyState, imageIdOf, loadCase, upContainer, upNetwork, upState } from './helpers/observed.js';

const golden = (name: string) => `./golden/up/${name}.txt`;
const text = (plan: Plan) => planToString(plan);

const SHOP = `
services:
  web:
    image: web:1
    command: [serve]
    environment: {DEBUG: "0", MODE: prod}
    depends_on: [db]
    volumes: [/cache]
  db:
    image: pg:16
`;

describe('reconcileUp', () => {
  it('makes a new project: networks, images, then dependencies first', async () => {
    const { ctx } = loadCase(SHOP);
    await expect(text(reconcileUp(ctx, emptyState(ctx)))).toMatchFileSnapshot(golden('new-project'));
  });

  it('has nothing to do when everything runs as the file says', () => {
    const { ctx } = loadCase(SHOP);
    expect(text(reconcileUp(ctx, upState(ctx)))).toBe('nothing to do\n');
  });

  it('recreates a changed service, naming the fields, and reuses its anonymous volume', async () => {
    const before = loadCase(SHOP).ctx;
    const { ctx } = loadCase(SHOP.replace('DEBUG: "0"', 'DEBUG: "1"').replace('[serve]', '[serve, --verbose]'));
    const observed = { ...upState(ctx), containers: upState(before).containers };
    const plan = reconcileUp(ctx, observed);
    await expect(text(plan)).toMatchFileSnapshot(golden('config-changed'));
    const create = plan.nodes.find((n) => n.kind === 'CreateContainer')!;
    const old = observed.containers.find((c) => c.service === 'web')!;
    expect(create.target.type === 'container' && create.target.config).toMatchObject({
      name: `${old.id.slice(0, 12)}_demo-web-1`,
      labels: { 'com.docker.compose.replace': old.id },
      volumes: [{ target: '/cache', anonymous: true, name: old.config.volumes![0]!.name }],
    });
  });

  it('gives the replacement new anonymous volumes with -V', () => {
    const before = loadCase(SHOP).ctx;
    const { ctx } = loadCase(SHOP.replace('DEBUG: "0"', 'DEBUG: "1"'));
    const plan = reconcileUp(ctx, { ...upState(ctx), containers: upState(before).containers }, { renewAnonVolumes: true });
    const create = plan.nodes.find((n) => n.kind === 'CreateContainer')!;
    expect(create.target.type === 'container' && create.target.config?.volumes).toEqual([{ target: '/cache', anonymous: true, readOnly: false }]);
  });

  it('recreates a container whose image was replaced under the same reference', async () => {
    const { ctx } = loadCase(SHOP);
    const observed = upState(ctx);
    await expect(text(reconcileUp(ctx, { ...observed, images: { ...observed.images, 'pg:16': imageIdOf('pg:16 rebuilt') } }))).toMatchFileSnapshot(golden('image-changed'));
  });

  it('scales up from the highest number, filling no gap', async () => {
    const { ctx } = loadCase(SHOP);
    const observed = upState(ctx);
    const containers = [...observed.containers.filter((c) => c.service !== 'db'), upContainer(ctx, 'db', 2)];
    await expect(text(reconcileUp(ctx, { ...observed, containers }, { scale: { db: 3 } }))).toMatchFileSnapshot(golden('scale-up'));
  });

  it('scales down by removing the highest numbers', async () => {
    const { ctx } = loadCase(SHOP.replace('image: pg:16', 'image: pg:16\n    scale: 3'));
    await expect(text(reconcileUp(ctx, upState(ctx), { scale: { db: 1 } }))).toMatchFileSnapshot(golden('scale-down'));
  });

  it('recreates everything with --force-recreate, dependents stopped first', async () => {
    const { ctx } = loadCase(SHOP);
    await expect(text(reconcileUp(ctx, upState(ctx), { forceRecreate: true }))).toMatchFileSnapshot(golden('force-recreate'));
  });

  it('keeps changed containers with --no-recreate, starting a stopped one', async () => {
    const before = loadCase(SHOP).ctx;
    const { ctx } = loadCase(SHOP.replace('DEBUG: "0"', 'DEBUG: "1"'));
    const containers = upState(before).containers.map((c) => (c.service === 'web' ? { ...c, status: 'exited' as const } : c));
    await expect(text(reconcileUp(ctx, { ...upState(ctx), containers }, { noRecreate: true }))).toMatchFileSnapshot(golden('no-recreate'));
  });

  it('runs an exited one-shot again rather than recreating it', async () => {
    const { ctx } = loadCase(`
services:
  migrate:
    image: tool
    command: [migrate]
    restart: "no"
`);
    const containers = upState(ctx).containers.map((c) => ({ ...c, status: 'exited' as const, exitCode: 0 }));
    await expect(text(reconcileUp(ctx, { ...upState(ctx), containers }))).toMatchFileSnapshot(golden('exited-one-shot'));
  });

  it('orders starts by each depends_on condition, with wait nodes even for a dependency already up', async () => {
    const { ctx } = loadCase(`
services:
  front:
    image: front
    depends_on: {api: {condition: service_started}}
  api:
    image: api
    depends_on: {db: {condition: service_healthy}, migrate: {condition: service_completed_successfully}}
  migrate:
    image: tool
    depends_on: {db: {condition: service_healthy}}
  db:
    image: pg
    healthcheck: {test: [CMD, pg_isready]}
`);
    await expect(text(reconcileUp(ctx, emptyState(ctx)))).toMatchFileSnapshot(golden('depends-on-conditions'));
    const running = upState(ctx);
    const onlyDbUp = { ...running, containers: running.containers.filter((c) => c.service === 'db') };
    await expect(text(reconcileUp(ctx, onlyDbUp))).toMatchFileSnapshot(golden('depends-on-dependency-running'));
  });

  it('warns about a required: false dependency that is missing, and makes the wait optional when present', async () => {
    const yaml = `
services:
  web:
    image: web
    depends_on: {cache: {condition: service_healthy, required: false}}
  cache:
    image: redis
    profiles: [full]
`;
    const missing = loadCase(yaml);
    await expect(text(reconcileUp(missing.ctx, emptyState(missing.ctx)))).toMatchFileSnapshot(golden('optional-dependency-missing'));
    const present = loadCase(yaml, { profiles: ['full'] });
    const plan = reconcileUp(present.ctx, emptyState(present.ctx));
    await expect(text(plan)).toMatchFileSnapshot(golden('optional-dependency-present'));
    expect(plan.nodes.filter((n) => n.optional).map((n) => `${n.kind} ${n.resource}`)).toEqual(['WaitHealthy service:cache:1']);
  });

  it('adds a WaitReady per replica with --wait, running ones included', async () => {
    const { ctx } = loadCase(SHOP.replace('image: web:1', 'image: web:1\n    scale: 2'));
    const observed = upState(ctx);
    const containers = observed.containers.filter((c) => !(c.service === 'web' && c.number === 2));
    await expect(text(reconcileUp(ctx, { ...observed, containers }, { wait: true, waitTimeoutMs: 60_000 }))).toMatchFileSnapshot(golden('wait'));
  });

  it('creates without starting with --no-start (and as create)', async () => {
    const before = loadCase(SHOP).ctx;
    const { ctx } = loadCase(SHOP.replace('DEBUG: "0"', 'DEBUG: "1"'));
    const observed = { ...upState(ctx), containers: upState(before).containers.filter((c) => c.service === 'web') };
    const plan = reconcileUp(ctx, observed, { noStart: true });
    await expect(text(plan)).toMatchFileSnapshot(golden('no-start'));
    expect(text(reconcileCreate(ctx, observed))).toBe(text(plan));
  });

  it('gives the same text whatever order the observed state lists things in', () => {
    const { ctx } = loadCase(SHOP.replace('image: pg:16', 'image: pg:16\n    scale: 3'));
    const observed = upState(ctx);
    const plan = (containers: typeof observed.containers) => text(reconcileUp(ctx, { ...observed, containers }, { forceRecreate: true, scale: { db: 2 } }));
    expect(plan([...observed.containers].reverse())).toBe(plan(observed.containers));
  });
});

describe('reconcileUp with services named', () => {
  const CHAIN = `
services:
  web:
    image: web
    depends_on: [api]
  api:
    image: api
    depends_on: [db]
  db:
    image: pg
`;

  it('brings the named services up with their dependencies', async () => {
    const { ctx } = loadCase(CHAIN);
    await expect(text(reconcileUp(ctx, emptyState(ctx), { services: ['api'] }))).toMatchFileSnapshot(golden('services-named'));
  });

  it('brings only the named services up with --no-deps', async () => {
    const { ctx } = loadCase(CHAIN);
    await expect(text(reconcileUp(ctx, emptyState(ctx), { services: ['api'], noDeps: true }))).toMatchFileSnapshot(golden('services-named-no-deps'));
  });

  it('recreates the dependencies of the named services with --always-recreate-deps', async () => {
    const { ctx } = loadCase(CHAIN);
    await expect(text(reconcileUp(ctx, upState(ctx), { services: ['api'], alwaysRecreateDeps: true }))).toMatchFileSnapshot(golden('always-recreate-deps'));
  });

  it('refuses a service the project does not have', () => {
    const { ctx } = loadCase(CHAIN);
    expect(() => reconcileUp(ctx, emptyState(ctx), { services: ['ghost'] })).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_UNDEFINED_REFERENCE', message: 'no such service: ghost' }));
  });
});

describe('reconcileUp cascades', () => {
  it('recreates a dependent with restart: true when its dependency is recreated', async () => {
    const before = loadCase(`
services:
  app: {image: app, depends_on: {db: {condition: service_started, restart: true}}}
  db: {image: pg, environment: {V: "1"}}
`).ctx;
    const { ctx } = loadCase(`
services:
  app: {image: app, depends_on: {db: {condition: service_started, restart: true}}}
  db: {image: pg, environment: {V: "2"}}
`);
    await expect(text(reconcileUp(ctx, { ...upState(ctx), containers: upState(before).containers }))).toMatchFileSnapshot(golden('restart-dependency'));
  });

  it('recreates a service in another one network namespace when that one is recreated', async () => {
    const yaml = (tag: string) => `
services:
  vpn: {image: "vpn:${tag}"}
  app: {image: app, network_mode: "service:vpn"}
`;
    const before = loadCase(yaml('1')).ctx;
    const { ctx } = loadCase(yaml('2'));
    const observed = { ...upState(ctx), containers: upState(before).containers };
    await expect(text(reconcileUp(ctx, observed))).toMatchFileSnapshot(golden('network-mode-parent'));
  });
});

describe('reconcileUp networks and volumes', () => {
  const NETS = `
services:
  web: {image: web, networks: [front, back]}
  db: {image: pg, networks: [back], volumes: [data:/var/lib/db]}
networks:
  front: {}
  back: {}
volumes:
  data: {}
`;

  it('makes a missing network and the containers that were on it', async () => {
    const { ctx } = loadCase(NETS);
    const observed = upState(ctx);
    await expect(text(reconcileUp(ctx, { ...observed, networks: observed.networks.filter((n) => n.name !== 'demo_front') }))).toMatchFileSnapshot(golden('network-missing'));
  });

  it('remakes a network the file changed: its containers go first and come back on the new one', async () => {
    const before = loadCase(NETS).ctx;
    const { ctx } = loadCase(NETS.replace('back: {}', 'back: {internal: true}'));
    const observed = { ...upState(ctx), networks: upState(before).networks, containers: upState(before).containers };
    await expect(text(reconcileUp(ctx, observed))).toMatchFileSnapshot(golden('network-diverged'));
  });

  it('refuses an external network that does not exist', () => {
    const { ctx } = loadCase(`
services:
  web: {image: web, networks: [backend]}
networks:
  backend: {external: true}
`);
    expect(() => reconcileUp(ctx, emptyState(ctx))).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_UNDEFINED_REFERENCE', message: 'network backend declared as external, but could not be found' }));
  });

  it("refuses a network under the project's name that another project made", () => {
    const { ctx } = loadCase(NETS);
    const observed = upState(ctx);
    const networks = observed.networks.map((n) => (n.name === 'demo_back' ? upNetwork(ctx, 'back', { labels: { 'com.docker.compose.project': 'other', 'com.docker.compose.network': 'back' } }) : n));
    expect(() => reconcileUp(ctx, { ...observed, networks })).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_RESOURCE_CONFLICT' }));
  });

  it('makes a missing volume and recreates the containers that lost it', async () => {
    const { ctx } = loadCase(NETS);
    await expect(text(reconcileUp(ctx, { ...upState(ctx), volumes: [] }))).toMatchFileSnapshot(golden('volume-missing'));
  });

  it('only warns about a volume that differs from the file', async () => {
    const { ctx } = loadCase(NETS);
    const observed = upState(ctx);
    await expect(text(reconcileUp(ctx, { ...observed, volumes: observed.volumes.map((v) => ({ ...v, driver: 'nfs' })) }))).toMatchFileSnapshot(golden('volume-diverged'));
  });
});

describe('reconcileUp orphans', () => {
  const yaml = `
services:
  web: {image: web}
  debug: {image: busybox, profiles: [debug]}
`;
  const withOrphans = () => {
    const old = loadCase('services:\n  web: {image: web}\n  worker: {image: worker}\n  debug: {image: busybox}\n').ctx;
    const { ctx, disabledServices } = loadCase(yaml);
    return { ctx, disabledServices, observed: { ...upState(ctx), containers: upState(old).containers } };
  };

  it('warns about orphans, never about services a profile leaves out', async () => {
    const { ctx, disabledServices, observed } = withOrphans();
    await expect(text(reconcileUp(ctx, observed, { disabledServices }))).toMatchFileSnapshot(golden('orphans-warning'));
  });

  it('removes orphans with --remove-orphans', async () => {
    const { ctx, disabledServices, observed } = withOrphans();
    await expect(text(reconcileUp(ctx, observed, { disabledServices, removeOrphans: true }))).toMatchFileSnapshot(golden('orphans-removed'));
  });
});
