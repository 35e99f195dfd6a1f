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

afterEach(() => {
  for (const s of stacks) s.dispose();
  stacks = [];
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
  // Killed after each progress event of a recreate in turn: the next `up` must
  // finish the job, leaving exactly the containers the file asks for.
  it('leaves a state the next up converges from, at every step of a recreate', { timeout: 300_000 }, async () => {
    const s = stack('recreate-changed');
    const { spawn } = await import('node:child_process');
    const { cliPath } = await import('../helpers/scenario.js');
    const upKilledAfter = (events: number, env: Record<string, string>) =>
      new Promise<number>((resolve) => {
        const child = spawn(cliPath, ['--project-directory', s.dir, '-f', join(s.dir, 'compose.yaml'), 'up', '-d', '--progress', 'json'], {
          env: { PATH: process.env['PATH']!, FLOTILLA_ROOT: engine.root, FLOTILLA_DNS_UPSTREAMS: '', ...env },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let seen = 0;
        child.stderr.on('data', (chunk: Buffer) => {
          seen += chunk.toString().split('\n').filter(Boolean).length;
          if (seen >= events) child.kill('SIGKILL');
        });
        child.on('exit', () => resolve(seen));
      });
    for (let step = 1; ; step++) {
      const mode = step % 2 === 0 ? 'one' : 'two';
      const other = mode === 'one' ? 'two' : 'one';
      s.ok(['up', '-d'], { MODE: other });
      const seen = await upKilledAfter(step, { MODE: mode });
      s.ok(['up', '-d'], { MODE: mode });
      const rows = byName(s);
      expect(Object.keys(rows).sort()).toEqual(['recreate-changed-api-1', 'recreate-changed-cache-1']);
      expect(Object.values(rows).map((r) => r.State)).toEqual(['running', 'running']);
      expect(s.inspect('recreate-changed-api-1')['Config'].Env).toContain(`MODE=${mode}`);
      expect(engine.containerIds()).toHaveLength(2);
      // The run got to its end before the kill: every step has been cut once.
      if (seen < step) break;
    }
  });
});
