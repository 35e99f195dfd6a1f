// The v2 code path against a fake tree of plain files, so hosts that run v1
// (where the integration tests cannot reach v2) still check what v2 writes.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { Cgroup } from '../../../../engine/cgroups/cgroup.js';
import type { CgroupHierarchy } from '../../../../engine/cgroups/detect.js';

let root: string;
let hierarchy: CgroupHierarchy;
const read = (path: string) => readFileSync(join(root, path), 'utf8');

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'flotilla-cgv2-'));
  hierarchy = { version: 2, root, canFilterDevices: false };
  writeFileSync(join(root, 'cgroup.controllers'), 'cpuset cpu io memory pids\n');
  writeFileSync(join(root, 'cgroup.subtree_control'), 'memory\n');
  mkdirSync(join(root, 'flotilla'));
  writeFileSync(join(root, 'flotilla', 'cgroup.controllers'), 'cpu memory pids\n');
  writeFileSync(join(root, 'flotilla', 'cgroup.subtree_control'), '\n');
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

it('enables the missing controllers on the way down and writes v2 limit files', () => {
  const cg = Cgroup.create('web-1', { memory: 1 << 25, cpus: 1.5, cpuShares: 1024, pidsLimit: 10 }, { hierarchy });
  expect(read('cgroup.subtree_control')).toBe('+cpu +cpuset +pids');
  expect(read('flotilla/cgroup.subtree_control')).toBe('+memory +cpu +pids');
  expect(read('flotilla/web-1/memory.max')).toBe(String(1 << 25));
  expect(read('flotilla/web-1/cpu.max')).toBe('150000 100000');
  expect(read('flotilla/web-1/cpu.weight')).toBe('39');
  expect(read('flotilla/web-1/pids.max')).toBe('10');
  expect(() => read('flotilla/web-1/memory.swap.max')).toThrow(/ENOENT/);
  expect(cg.joinFiles()).toEqual([join(root, 'flotilla/web-1/cgroup.procs')]);
  expect(cg.cloneIntoDir()).toBe(join(root, 'flotilla/web-1'));
  expect(Cgroup.list({ hierarchy })).toEqual(['web-1']);
});

it('reads stats, OOM kills and the frozen state from the v2 files', async () => {
  const cg = Cgroup.create('db', {}, { hierarchy });
  const dir = join(root, 'flotilla/db');
  writeFileSync(join(dir, 'memory.current'), '4096\n');
  writeFileSync(join(dir, 'memory.max'), 'max\n');
  writeFileSync(join(dir, 'cpu.stat'), 'usage_usec 250\nuser_usec 200\n');
  writeFileSync(join(dir, 'pids.current'), '3\n');
  writeFileSync(join(dir, 'memory.events'), 'low 0\nhigh 0\nmax 4\noom 1\noom_kill 1\n');
  writeFileSync(join(dir, 'cgroup.events'), 'populated 1\nfrozen 0\n');
  expect(cg.stats()).toEqual({ memoryUsage: 4096, memoryLimit: null, cpuUsageNs: 250_000, pids: 3 });
  expect(cg.oomKilled()).toBe(true);
  // Plays the kernel: reports frozen a little after the request.
  setTimeout(() => writeFileSync(join(dir, 'cgroup.events'), 'populated 1\nfrozen 1\n'), 30);
  await cg.freeze();
  expect(read('flotilla/db/cgroup.freeze')).toBe('1');
  expect(cg.isFrozen()).toBe(true);
});

it('kills through cgroup.kill when the kernel has it', () => {
  const cg = Cgroup.create('app', {}, { hierarchy });
  writeFileSync(join(root, 'flotilla/app/cgroup.kill'), '');
  cg.killAll('SIGKILL');
  expect(read('flotilla/app/cgroup.kill')).toBe('1');
});

it('refuses names that are not one plain folder', () => {
  expect(() => Cgroup.open('../etc', { hierarchy })).toThrow(/not a plain folder name/);
  expect(() => Cgroup.open('a/b', { hierarchy })).toThrow(/not a plain folder name/);
});
