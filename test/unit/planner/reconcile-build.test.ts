// Services with a build section: a missing image (or pull_policy: build)
// becomes an EnsureImage node that carries the build, named as the
// container will name its image.
import { describe, expect, it } from 'vitest';
import { reconcileUp } from '../../../planner/reconcile/index.js';
import { emptyState, loadCase } from './helpers/observed.js';

const FILE = `
services:
  web:
    build:
      context: ./web
      target: server
      args: {MODE: prod}
      labels: {role: web}
  worker:
    image: worker:2
    build:
      context: ./worker
      dockerfile_inline: "FROM busybox"
    pull_policy: build
  db:
    image: pg:16
`;

describe('reconcileUp with build sections', () => {
  it('builds the images that are missing, from the service that has the build', () => {
    const { ctx } = loadCase(FILE);
    const images = reconcileUp(ctx, emptyState(ctx)).nodes.filter((n) => n.kind === 'EnsureImage').map((n) => n.target);
    const dir = ctx.workingDir;
    expect(images).toEqual([
      { type: 'image', reference: 'pg:16', services: ['db'], pull: 'missing' },
      { type: 'image', reference: 'worker:2', services: ['worker'], build: { context: `${dir}/worker`, dockerfileInline: 'FROM busybox', tags: ['worker:2'] } },
      {
        type: 'image',
        reference: `${ctx.project.name}-web`,
        services: ['web'],
        build: { context: `${dir}/web`, dockerfile: 'Dockerfile', tags: [`${ctx.project.name}-web`], buildArgs: { MODE: 'prod' }, target: 'server', labels: { role: 'web' } },
      },
    ].sort((a, b) => (a.reference < b.reference ? -1 : 1)));
  });
});
