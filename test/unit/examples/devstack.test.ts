// The example stack as the planner sees it: every service becomes a
// container Flotilla can make, and the wiring the README promises (the
// published port, the healthchecks, the networks, the mounted files) is in
// the compose file. Its integration test runs it; this one says early, and
// without root, when an edit breaks it.
import { accessSync, constants, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../../compose-schema/load.js';
import { serviceContainerConfig, type ProjectContext } from '../../../planner/container-config.js';

const projectDir = resolve(import.meta.dirname, '../../../examples/devstack');

function context(environment: Record<string, string> = {}): ProjectContext {
  const loaded = loadProject({ workingDir: projectDir, environment });
  return { project: loaded.project, workingDir: projectDir, configFiles: loaded.files };
}

describe('examples/devstack', () => {
  it('makes a container config for every service', () => {
    const ctx = context();
    expect(Object.keys(ctx.project.services).sort()).toEqual(['app', 'redis', 'web']);
    for (const service of Object.keys(ctx.project.services)) {
      expect(() => serviceContainerConfig(ctx, service, 1)).not.toThrow();
    }
  });

  it('publishes nginx on WEB_PORT, 8080 when unset', () => {
    const published = (env: Record<string, string>) => serviceContainerConfig(context(env), 'web', 1).ports?.map((p) => [p.hostPort, p.containerPort]);
    expect(published({})).toEqual([[8080, 80]]);
    expect(published({ WEB_PORT: '18123' })).toEqual([[18123, 80]]);
  });

  it('starts the app once redis is healthy, redis and nginx having healthchecks', () => {
    const { project } = context();
    expect(project.services.app!.depends_on?.redis?.condition).toBe('service_healthy');
    expect(serviceContainerConfig(context(), 'redis', 1).healthcheck?.test).toEqual(['CMD', 'redis-cli', 'ping']);
    expect(serviceContainerConfig(context(), 'web', 1).healthcheck?.test?.[0]).toBe('CMD');
  });

  it('keeps redis on an internal network only the app shares, its data in a named volume', () => {
    const ctx = context();
    const networksOf = (service: string) => serviceContainerConfig(ctx, service, 1).networks?.map((n) => n.network).sort();
    expect(ctx.project.networks.backend?.internal).toBe(true);
    expect(networksOf('redis')).toEqual(['devstack_backend']);
    expect(networksOf('app')).toEqual(['devstack_backend', 'devstack_frontend']);
    expect(networksOf('web')).toEqual(['devstack_frontend']);
    expect(serviceContainerConfig(ctx, 'redis', 1).volumes).toMatchObject([{ name: 'devstack_redis-data', target: '/data' }]);
  });

  it('mounts files that exist, and a CGI script busybox httpd can run', () => {
    const ctx = context();
    const binds = Object.keys(ctx.project.services).flatMap((service) => serviceContainerConfig(ctx, service, 1).binds ?? []);
    expect(binds.length).toBeGreaterThan(0);
    for (const bind of binds) {
      expect(bind.source.startsWith(projectDir), bind.source).toBe(true);
      expect(() => statSync(bind.source), bind.source).not.toThrow();
      expect(bind.readOnly).toBe(true);
    }
    // httpd runs only executable files under cgi-bin/, and / falls back to cgi-bin/index.cgi.
    expect(() => accessSync(join(projectDir, 'app/cgi-bin/index.cgi'), constants.X_OK)).not.toThrow();
  });
});
