// system df, prune and reset on real containers, networks and volumes: what
// each counts or removes, and that a reset leaves nothing of its root.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { sharedTestEngine, testEngine } from '../helpers/engine.js';

const engine = sharedTestEngine();

function df(): Record<string, { TotalCount: number; Active: number }> {
  const rows = engine.ok(['system', 'df', '--format', 'json']).trim().split('\n').map((l) => JSON.parse(l));
  return Object.fromEntries(rows.map((r) => [r.Type, { TotalCount: r.TotalCount, Active: r.Active }]));
}

describe('system df', () => {
  it('counts images, containers and volumes, and which are in use', () => {
    engine.ok(['container', 'create', '--name', 'idle', '-v', 'kept:/data', 'busybox', 'true']);
    engine.ok(['container', 'run', '-d', '--name', 'busy', 'busybox', 'sleep', '300']);
    engine.ok(['volume', 'create', 'spare']);
    expect(df()).toEqual({
      Images: { TotalCount: 1, Active: 1 },
      Containers: { TotalCount: 2, Active: 1 },
      'Local Volumes': { TotalCount: 2, Active: 1 },
      'Build Cache': { TotalCount: 0, Active: 0 },
    });
    expect(engine.ok(['system', 'df']).split('\n')[0]).toMatch(/^TYPE\s+TOTAL\s+ACTIVE\s+SIZE\s+RECLAIMABLE$/);
    engine.ok(['volume', 'rm', 'spare']);
  });
});

describe('system prune', () => {
  it('asks first, and removes nothing unless told yes', () => {
    engine.ok(['container', 'create', '--name', 'stopped', 'busybox', 'true']);
    const declined = engine.flotilla(['system', 'prune'], { input: 'n\n' });
    expect(declined.status).toBe(0);
    expect(declined.stderr).toContain('Are you sure you want to continue? [y/N]');
    expect(engine.containerIds()).toHaveLength(1);
  });

  it('removes stopped containers and unused networks, keeps what runs and what it uses', () => {
    engine.ok(['network', 'create', 'unused']);
    engine.ok(['network', 'create', 'used']);
    engine.ok(['container', 'create', '--name', 'stopped', 'busybox', 'true']);
    engine.ok(['container', 'run', '-d', '--name', 'running', '--network', 'used', 'busybox', 'sleep', '300']);
    const out = engine.ok(['system', 'prune', '-f']);
    expect(out).toMatch(/^Deleted Containers:\n[0-9a-f]{64}\n\nDeleted Networks:\n(bridge\n)?unused\n\n/);
    expect(out).toMatch(/Total reclaimed space: .+\n$/);
    expect(engine.ok(['container', 'ls', '-a', '--format', '{{.Names}}'])).toBe('running\n');
    expect(engine.ok(['network', 'ls', '--format', '{{.Name}}']).split('\n')).toContain('used');
    expect(engine.ok(['images', '-q'])).not.toBe('');
  });
});

describe('system reset', () => {
  it('resets a root that only ever had images', () => {
    const fresh = testEngine();
    try {
      const reset = fresh.flotilla(['system', 'reset', '-f']);
      expect([reset.status, reset.stderr]).toEqual([0, '']);
      expect(existsSync(fresh.root)).toBe(false);
    } finally {
      fresh.dispose();
    }
  });

  it('removes everything of its root: running containers, networks, volumes, images, the state and the host objects', () => {
    const doomed = testEngine();
    try {
      doomed.ok(['network', 'create', 'front']);
      doomed.ok(['container', 'run', '-d', '--name', 'web', '--network', 'front', '-v', 'data:/data', '-p', '8080', 'busybox', 'sleep', '300']);
      doomed.ok(['system', 'reset', '-f']);
      expect(existsSync(doomed.root)).toBe(false);
      expect([...doomed.leftovers(), ...doomed.networkLeftovers()]).toEqual([]);
    } finally {
      doomed.dispose();
    }
  });
});
