import { describe, expect, it } from 'vitest';
import type { Project, Service } from '../../../compose-schema/model.js';
import { classifyChanges, ruleTakes, watchRules } from '../../../planner/watch.js';

const service = (develop: Service['develop'], extra: Partial<Service> = {}): Service => ({ image: 'busybox', develop, ...extra }) as Service;

function project(services: Record<string, Service>): Project {
  return { name: 'p', services } as unknown as Project;
}

const noDockerignore = { readDockerignore: () => undefined };

describe('watchRules and ruleTakes', () => {
  const [src, conf] = watchRules(
    project({
      web: service({
        watch: [
          { path: '/p/src', action: 'sync', target: '/app', ignore: ['*.tmp', 'vendor/'] },
          { path: '/p/conf/app.conf', action: 'sync+restart', target: '/etc/app.conf' },
        ],
      }),
    }),
    noDockerignore,
  );

  it('maps a path under the rule to the same place under its target', () => {
    expect(ruleTakes(src!, '/p/src/a/b.js')).toEqual({ containerPath: '/app/a/b.js' });
    expect(ruleTakes(conf!, '/p/conf/app.conf')).toEqual({ containerPath: '/etc/app.conf' });
  });

  it('takes nothing outside its path, ignored, or an editor swap file', () => {
    expect(ruleTakes(src!, '/p/srcs/x')).toBeUndefined();
    expect(ruleTakes(src!, '/p/src/x.tmp')).toBeUndefined();
    expect(ruleTakes(src!, '/p/src/vendor/lib.js')).toBeUndefined();
    expect(ruleTakes(src!, '/p/src/.index.js.swp')).toBeUndefined();
    expect(ruleTakes(src!, '/p/src/.git/HEAD')).toBeUndefined();
  });

  it('honours include and the build context .dockerignore', () => {
    const [rule] = watchRules(
      project({ api: service({ watch: [{ path: '/p/api', action: 'sync', target: '/srv', include: ['*.py'] }] }, { build: { context: '/p/api' } } as Partial<Service>) }),
      { readDockerignore: (dir) => (dir === '/p/api' ? 'secret.py\n' : undefined) },
    );
    expect(ruleTakes(rule!, '/p/api/main.py')).toEqual({ containerPath: '/srv/main.py' });
    expect(ruleTakes(rule!, '/p/api/notes.txt')).toBeUndefined();
    expect(ruleTakes(rule!, '/p/api/secret.py')).toBeUndefined();
  });
});

describe('classifyChanges', () => {
  const rules = watchRules(
    project({
      web: service({
        watch: [
          { path: '/p/src', action: 'sync', target: '/app' },
          { path: '/p/src', action: 'restart' },
          { path: '/p/hooks', action: 'sync+exec', target: '/hooks', exec: { command: ['sh', '/hooks/run'] } },
        ],
      }),
      worker: service({ watch: [{ path: '/p/src', action: 'rebuild' }] }),
      db: service(undefined),
    }),
    noDockerignore,
  );

  it('says which changed files the loader had read', () => {
    const result = classifyChanges(['/p/.env', '/p/compose.yaml', '/p/other'], { projectFiles: new Set(['/p/compose.yaml', '/p/.env']), rules });
    expect(result).toEqual({ projectFiles: ['/p/.env', '/p/compose.yaml'], updates: [] });
  });

  it('gives a path to the first rule of each service that takes it', () => {
    const { updates } = classifyChanges(['/p/src/b.js', '/p/src/a.js'], { projectFiles: new Set(), rules });
    expect(updates).toEqual([
      {
        service: 'web',
        paths: ['/p/src/a.js', '/p/src/b.js'],
        syncs: [
          { host: '/p/src/a.js', container: '/app/a.js' },
          { host: '/p/src/b.js', container: '/app/b.js' },
        ],
        execs: [],
        restart: false,
        rebuild: false,
      },
      { service: 'worker', paths: ['/p/src/a.js', '/p/src/b.js'], syncs: [], execs: [], restart: false, rebuild: true },
    ]);
  });

  it('runs a sync+exec command once per batch, after its files', () => {
    const { updates } = classifyChanges(['/p/hooks/run', '/p/hooks/lib'], { projectFiles: new Set(), rules });
    expect(updates).toHaveLength(1);
    expect(updates[0]!.execs).toEqual([{ command: ['sh', '/hooks/run'] }]);
    expect(updates[0]!.syncs.map((s) => s.container)).toEqual(['/hooks/lib', '/hooks/run']);
  });
});
