// The compose lifecycle end to end on real containers: one fixture project
// per scenario (fixtures/lifecycle/), up/ps/stop/down through the built CLI,
// and nothing of ours left after each test.
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeStack, type Stack } from '../helpers/compose-stack.js';
import { sharedTestEngine } from '../helpers/engine.js';

const engine = sharedTestEngine();
let stacks: Stack[] = [];

function stack(name: string): Stack {
  const made = composeStack(engine, name);
  stacks.push(made);
  return made;
}

afterEach(async () => {
  for (const s of stacks) s.dispose();
  stacks = [];
  // The CLI runs synchronously: let the worker answer vitest's messages between tests.
  await new Promise((resolve) => setImmediate(resolve));
});

const byName = (s: Stack) => Object.fromEntries(s.ps().map((row) => [row.Name, row]));

describe('up', () => {
  it('starts a dependent only once its dependency is healthy', () => {
    const s = stack('healthy-order');
    s.ok(['up', '-d']);
    const db = s.inspect('healthy-order-db-1');
    const web = s.inspect('healthy-order-web-1');
    const healthyAt = Date.parse((db['State'].Health.Log as { ExitCode: number; End: string }[]).find((probe) => probe.ExitCode === 0)!.End);
    expect(db['State'].Health.Status).toBe('healthy');
    expect(Date.parse(web['State'].StartedAt)).toBeGreaterThanOrEqual(healthyAt);
  });

  it('recreates only the service whose configuration changed; the others keep their id, pid and address', () => {
    const s = stack('recreate-changed');
    s.ok(['up', '-d']);
    const before = { api: s.inspect('recreate-changed-api-1'), cache: s.inspect('recreate-changed-cache-1') };
    expect(s.ok(['up', '-d', '--dry-run'])).toBe('nothing to do\n');
    s.ok(['up', '-d'], { MODE: 'two' });
    const after = { api: s.inspect('recreate-changed-api-1'), cache: s.inspect('recreate-changed-cache-1') };
    expect(after.api['Id']).not.toBe(before.api['Id']);
    expect(after.api['Config'].Env).toContain('MODE=two');
    expect(after.cache['Id']).toBe(before.cache['Id']);
    expect(after.cache['State'].Pid).toBe(before.cache['State'].Pid);
    expect(after.cache['NetworkSettings'].Networks).toEqual(before.cache['NetworkSettings'].Networks);
    // No container is left under a temporary name.
    expect(s.ps().map((r) => r.Name).sort()).toEqual(['recreate-changed-api-1', 'recreate-changed-cache-1']);
  });

  it('runs a one-shot to completion before what depends on it', () => {
    const s = stack('one-shot');
    s.ok(['up', '-d']);
    const rows = byName(s);
    expect(rows['one-shot-migrate-1']).toMatchObject({ State: 'exited', ExitCode: 0 });
    expect(rows['one-shot-app-1']!.State).toBe('running');
    expect(engine.ok(['container', 'exec', 'one-shot-app-1', 'cat', '/tmp/seen'])).toBe('migrated\n');
  });

  it('--wait accepts a one-shot that exited 0', () => {
    const s = stack('wait-init');
    const result = s.run(['up', '-d', '--wait']);
    expect(result.stderr).not.toMatch(/error/i);
    expect(result.status).toBe(0);
    expect(byName(s)['wait-init-init-1']).toMatchObject({ State: 'exited', ExitCode: 0 });
  });

  it('scales up with the next numbers and down from the highest', () => {
    const s = stack('scale');
    s.ok(['up', '-d', '--scale', 'worker=3']);
    const three = byName(s);
    expect(Object.keys(three).sort()).toEqual(['scale-worker-1', 'scale-worker-2', 'scale-worker-3']);
    s.ok(['up', '-d', '--scale', 'worker=1']);
    const one = byName(s);
    expect(Object.keys(one)).toEqual(['scale-worker-1']);
    expect(one['scale-worker-1']!.ID).toBe(three['scale-worker-1']!.ID);
    s.ok(['up', '-d', '--scale', 'worker=2']);
    expect(Object.keys(byName(s)).sort()).toEqual(['scale-worker-1', 'scale-worker-2']);
  });

  it('warns about orphans, and removes them with --remove-orphans', () => {
    const s = stack('orphans');
    s.ok(['up', '-d']);
    const smaller = ['--project-directory', s.dir, '-f', join(s.dir, 'without-gone.yaml')];
    const warned = engine.flotilla([...smaller, 'up', '-d']);
    expect(warned.status).toBe(0);
    expect(warned.stderr).toMatch(/orphan containers \(orphans-gone-1\)/);
    expect(Object.keys(byName(s)).sort()).toEqual(['orphans-gone-1', 'orphans-keep-1']);
    engine.ok([...smaller, 'up', '-d', '--remove-orphans']);
    expect(Object.keys(byName(s))).toEqual(['orphans-keep-1']);
  });

  it('starts a profile\'s services only when the profile is enabled', () => {
    const s = stack('profiles');
    s.ok(['up', '-d']);
    expect(Object.keys(byName(s))).toEqual(['profiles-app-1']);
    s.ok(['--profile', 'debug', 'up', '-d']);
    expect(Object.keys(byName(s)).sort()).toEqual(['profiles-app-1', 'profiles-debug-1']);
  });

  it('network_mode service: shares the parent\'s network namespace', () => {
    const s = stack('network-mode-service');
    s.ok(['up', '-d']);
    const links = (name: string) => engine.ok(['container', 'exec', name, 'cat', '/proc/net/dev']).split('\n').map((l) => l.split(':')[0]!.trim()).filter(Boolean).sort();
    expect(links('network-mode-service-sidecar-1')).toEqual(links('network-mode-service-app-1'));
    expect(links('network-mode-service-app-1')).toContain('eth0');
  });

  it('services find each other by name and alias on the networks they share only', () => {
    const s = stack('two-networks');
    s.ok(['up', '-d']);
    const resolves = (from: string, name: string) => engine.flotilla(['container', 'exec', from, 'nslookup', '-type=a', name]).stdout.split(/\nName:\s/).length > 1;
    expect(resolves('two-networks-front-1', 'api')).toBe(true);
    expect(resolves('two-networks-back-1', 'api')).toBe(true);
    expect(resolves('two-networks-back-1', 'backend-api')).toBe(true);
    expect(resolves('two-networks-front-1', 'backend-api')).toBe(false);
    expect(resolves('two-networks-front-1', 'back')).toBe(false);
  });

  it('two ups of one project at once make it once', async () => {
    const s = stack('scale');
    const { spawn } = await import('node:child_process');
    const { cliPath } = await import('../helpers/scenario.js');
    const once = () =>
      new Promise<number>((resolve) => {
        const child = spawn(cliPath, ['--project-directory', s.dir, '-f', join(s.dir, 'compose.yaml'), 'up', '-d', '--scale', 'worker=2'], {
          env: { PATH: process.env['PATH']!, FLOTILLA_ROOT: engine.root, FLOTILLA_DNS_UPSTREAMS: '' },
          stdio: 'ignore',
        });
        child.on('exit', (code) => resolve(code ?? 1));
      });
    expect(await Promise.all([once(), once()])).toEqual([0, 0]);
    expect(Object.keys(byName(s)).sort()).toEqual(['scale-worker-1', 'scale-worker-2']);
  });
});

describe('down', () => {
  it('-p NAME takes a project down from its labels when no compose file is at hand', () => {
    const s = stack('scale');
    s.ok(['up', '-d', '--scale', 'worker=2']);
    const result = engine.flotilla(['-p', 'scale', 'down', '-t', '0']);
    expect(result.status).toBe(0);
    expect(s.ps()).toEqual([]);
    expect(engine.ok(['network', 'ls', '--format', '{{.Name}}'])).not.toMatch(/scale_default/);
  });

  it('-v removes the containers, networks and volumes, and the anonymous volume lived across a recreate', () => {
    const s = stack('volumes');
    s.ok(['up', '-d']);
    const volumesBefore = engine.ok(['volume', 'ls', '-q']).split('\n').filter(Boolean);
    expect(volumesBefore).toContain('volumes_data');
    s.ok(['up', '-d', '--force-recreate']);
    expect(engine.ok(['container', 'exec', 'volumes-store-1', 'cat', '/data/log'])).toBe('kept\nkept\n');
    expect(engine.ok(['volume', 'ls', '-q']).split('\n').filter(Boolean).sort()).toEqual([...volumesBefore].sort());
    s.ok(['down', '-v']);
    expect(s.ps()).toEqual([]);
    expect(engine.ok(['volume', 'ls', '-q'])).toBe('');
    expect(engine.ok(['network', 'ls', '--format', '{{.Name}}']).split('\n').filter((n) => n.startsWith('volumes_'))).toEqual([]);
    expect(engine.leftovers()).toEqual([]);
  });
});

describe('a CLI killed mid-way', () => {
  // Killed after each progress event of a recreate in turn (a recreate reports
  // eight: Recreate, Stopping, Stopped, Removing, Removed, Recreated,
  // Starting, Started, in some order): the next `up` must finish the job,
  // leaving exactly the containers the file asks for. One test per cut keeps
  // each short.
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('leaves a state the next up converges from, killed after event %i of a recreate', async (cut) => {
    const s = stack('recreate-changed');
    const { spawn } = await import('node:child_process');
    const { cliPath } = await import('../helpers/scenario.js');
    s.ok(['up', '-d'], { MODE: 'one' });
    const seen = await new Promise<number>((resolve) => {
      const child = spawn(cliPath, ['--project-directory', s.dir, '-f', join(s.dir, 'compose.yaml'), 'up', '-d', '--progress', 'json'], {
        env: { PATH: process.env['PATH']!, FLOTILLA_ROOT: engine.root, FLOTILLA_DNS_UPSTREAMS: '', MODE: 'two' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let events = 0;
      child.stderr.on('data', (chunk: Buffer) => {
        events += chunk.toString().split('\n').filter(Boolean).length;
        if (events >= cut) child.kill('SIGKILL');
      });
      child.on('exit', () => resolve(events));
    });
    // The cut happened before the run's end.
    expect(seen).toBeGreaterThanOrEqual(cut);
    s.ok(['up', '-d'], { MODE: 'two' });
    const rows = byName(s);
    expect(Object.keys(rows).sort()).toEqual(['recreate-changed-api-1', 'recreate-changed-cache-1']);
    expect(Object.values(rows).map((r) => r.State)).toEqual(['running', 'running']);
    expect(s.inspect('recreate-changed-api-1')['Config'].Env).toContain('MODE=two');
    expect(engine.containerIds()).toHaveLength(2);
  });
});

describe('bad input', () => {
  it('a missing image fails before anything is made, naming the image and the service', () => {
    const s = stack('bad-input');
    const result = s.run(['up', '-d'], { env: { BROKEN_IMAGE: 'nosuch:1' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/^error: .*no such image: nosuch:1 \(service broken\)/m);
    expect(s.ps()).toEqual([]);
    expect(engine.ok(['network', 'ls', '--format', '{{.Name}}'])).not.toMatch(/bad-input/);
  });

  it('a container name another container holds is refused, and that container is left alone', () => {
    engine.ok(['container', 'run', '-d', '--name', 'taken', 'busybox', 'sleep', '3600']);
    const s = stack('bad-input');
    const result = s.run(['up', '-d'], { env: { BROKEN_NAME: 'taken' } });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/Container taken: the container name "\/taken" is already in use/);
    expect(engine.ok(['container', 'inspect', '-f', '{{.State.Status}} {{.Config.Image}}', 'taken'])).toBe('running busybox\n');
  });

  it('a port in use is refused naming the port, and what already ran keeps running', async () => {
    const { createServer } = await import('node:net');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      const s = stack('bad-input');
      s.ok(['up', '-d', 'ok']);
      const okId = s.inspect('bad-input-ok-1')['Id'];
      const result = s.run(['up', '-d'], { env: { BROKEN_PORT: String(port) } });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(new RegExp(`Container bad-input-broken: .*${port}`));
      expect(s.inspect('bad-input-ok-1')).toMatchObject({ Id: okId, State: { Status: 'running' } });
    } finally {
      server.close();
    }
  });
});

describe('attached up', () => {
  it('prefixes each container\'s output with its name and ends with --exit-code-from\'s code', () => {
    const s = stack('attached');
    const result = s.run(['up', '--abort-on-container-exit', '--exit-code-from', 'hello', '--no-color']);
    expect(result.stdout).toMatch(/^Attaching to attached-hello-1, attached-server-1$/m);
    expect(result.stdout).toMatch(/^attached-hello-1 {3}\| hello from hello$/m);
    expect(result.stdout).toMatch(/^attached-hello-1 {3}\| bye$/m);
    expect(result.stdout).toMatch(/^attached-server-1 {2}\| server up$/m);
    expect(result.status).toBe(3);
    // The abort stopped the rest.
    expect(byName(s)['attached-server-1']!.State).toBe('exited');
  });

  it('the first Ctrl-C stops the stack gracefully', async () => {
    const s = stack('attached');
    const { spawn } = await import('node:child_process');
    const { cliPath } = await import('../helpers/scenario.js');
    const child = spawn(cliPath, ['--project-directory', s.dir, '-f', join(s.dir, 'compose.yaml'), 'up', 'server'], {
      env: { PATH: process.env['PATH']!, FLOTILLA_ROOT: engine.root, FLOTILLA_DNS_UPSTREAMS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    await new Promise<void>((resolve) =>
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('server up')) resolve();
      }),
    );
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(out).toMatch(/Gracefully stopping\.\.\. \(press Ctrl\+C again to force\)/);
    expect(byName(s)['attached-server-1']!.State).toBe('exited');
  });
});

describe('lifecycle hooks', () => {
  it('post_start runs after the start with its own user and environment, pre_stop before a stop', () => {
    const s = stack('hooks');
    s.ok(['up', '-d']);
    expect(engine.ok(['container', 'exec', 'hooks-app-1', 'cat', '/log/started'])).toBe('hello from 0\n');
    s.ok(['stop']);
    s.ok(['start']);
    expect(engine.ok(['container', 'exec', 'hooks-app-1', 'cat', '/log/stopped'])).toBe('stopping\n');
  });
});

describe('pre_start hooks', () => {
  it('run in order before the service starts, once, and a failing one keeps the service from starting', () => {
    const s = stack('pre-start');
    s.ok(['up', '-d']);
    expect(engine.ok(['container', 'exec', 'pre-start-sample-1', 'cat', '/tmp/seen'])).toBe('A\nB\n');
    // The runners are gone once they succeeded, and a second up runs nothing again.
    expect(engine.containerIds()).toHaveLength(1);
    s.ok(['up', '-d']);
    expect(engine.ok(['container', 'exec', 'pre-start-sample-1', 'cat', '/shared/out'])).toBe('A\nB\n');
    s.ok(['down']);
    const failed = s.run(['up', '-d'], { env: { HOOK_EXIT: '4' } });
    expect(failed.status).toBe(1);
    expect(failed.stderr).toMatch(/pre_start hook 1 exited with code 4 \(its container pre-start-sample-pre_start-1 is kept for inspection\)/);
    expect(s.ps().map((r) => r.State)).toEqual(['created']);
  });
});
