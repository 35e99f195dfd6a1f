// Real cgroups, as root, on whichever hierarchy this host has: limits are
// written and enforced (pids, memory), freezing works, and removing leaves
// nothing behind, even with processes still inside.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Cgroup, DEFAULT_DEVICE_RULES, detectHierarchy, type CgroupLimits } from '../../engine/cgroups/index.js';
import { eventually } from '../helpers/eventually.js';

const isRoot = process.getuid?.() === 0;
const hierarchy = isRoot ? detectHierarchy() : undefined;
const v1 = hierarchy?.version === 1;
const MiB = 1024 * 1024;
const prefix = `test-${process.pid}-`;

let count = 0;
const made: Cgroup[] = [];

function make(limits: CgroupLimits = {}, privileged = false): Cgroup {
  const cgroup = Cgroup.create(`${prefix}${++count}`, limits, { privileged });
  made.push(cgroup);
  return cgroup;
}

interface Outcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** Runs `script` in sh after sh has joined the cgroup by itself, as the engine's supervisor does. */
function runInside(cgroup: Cgroup, script: string) {
  const join = cgroup.joinFiles().map((f) => `echo $$ > ${f}`).join('; ');
  const child = spawn('sh', ['-c', `${join}; ${script}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<Outcome>((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { child, done };
}

/** A `sleep` moved in from outside with addProcess, before it runs anything else. */
async function sleeperIn(cgroup: Cgroup) {
  const child = spawn('sh', ['-c', 'read go; exec sleep 30'], { stdio: ['pipe', 'ignore', 'ignore'] });
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  cgroup.addProcess(child.pid!);
  child.stdin.write('go\n');
  await eventually(() => expect(readFileSync(`/proc/${child.pid}/comm`, 'utf8')).toBe('sleep\n'));
  return { pid: child.pid!, exited };
}

afterEach(async () => {
  for (const cgroup of made.splice(0)) await cgroup.remove();
  if (isRoot) expect(Cgroup.list().filter((name) => name.startsWith(prefix))).toEqual([]);
});

describe.runIf(isRoot)(`cgroups (v${hierarchy?.version ?? '?'})`, () => {
  it('writes the limits into the kernel files', () => {
    const cgroup = make({ memory: 32 * MiB, pidsLimit: 10, cpus: 1.5, cpuShares: 512 });
    const file = (controller: string, name: string) => readFileSync(join(dirname(procsFileOf(cgroup, controller)), name), 'utf8').trim();
    if (v1) {
      expect(file('memory', 'memory.limit_in_bytes')).toBe(String(32 * MiB));
      expect(file('pids', 'pids.max')).toBe('10');
      expect(file('cpu', 'cpu.cfs_quota_us')).toBe('150000');
      expect(file('cpu', 'cpu.cfs_period_us')).toBe('100000');
      expect(file('cpu', 'cpu.shares')).toBe('512');
    } else {
      expect(file('memory', 'memory.max')).toBe(String(32 * MiB));
      expect(file('pids', 'pids.max')).toBe('10');
      expect(file('cpu', 'cpu.max')).toBe('150000 100000');
      expect(file('cpu', 'cpu.weight')).toBe('20');
    }
    // Above the current memory+swap limit (2 × 32 MiB): v1 needs memsw raised first.
    cgroup.update({ memory: 128 * MiB, pidsLimit: 0 });
    expect(cgroup.stats().memoryLimit).toBe(128 * MiB);
    expect(file('pids', 'pids.max')).toBe('max');
    expect(Cgroup.list()).toContain(cgroup.name);
  });

  it('takes a process that writes its pid into joinFiles, and reports its usage', async () => {
    const cgroup = make({ memory: 32 * MiB });
    expect(cgroup.cloneIntoDir()).toBe(v1 ? undefined : cgroup.path);
    const { child } = runInside(cgroup, 'exec sleep 30');
    await eventually(() => expect(cgroup.pids()).toEqual([child.pid]));
    expect(readFileSync(`/proc/${child.pid}/cgroup`, 'utf8')).toContain(`/flotilla/${cgroup.name}\n`);
    const stats = await eventually(() => {
      const s = cgroup.stats();
      expect(s.memoryUsage).toBeGreaterThan(0);
      return s;
    });
    expect(stats).toMatchObject({ memoryLimit: 32 * MiB, pids: 1 });
    expect(cgroup.oomKilled()).toBe(false);
  });

  it('refuses forks beyond pidsLimit', async () => {
    const cgroup = make({ pidsLimit: 10 });
    const script = 'i=0; while [ $i -lt 20 ]; do sleep 30 >/dev/null 2>&1 & i=$((i+1)); echo $i; done';
    const outcome = await runInside(cgroup, script).done;
    expect(outcome.stderr).toMatch(/fork/i);
    const started = outcome.stdout.trim().split('\n').length;
    expect(started).toBeLessThan(10);
    expect(cgroup.pids().length).toBeLessThanOrEqual(10);
    expect(cgroup.stats().pids).toBe(cgroup.pids().length);
  });

  it('OOM-kills a process that outgrows the memory limit, and says so', async () => {
    const cgroup = make({ memory: 32 * MiB, memorySwap: 32 * MiB });
    // tail keeps the whole (newline-free) input in memory: 100 MiB cannot fit.
    const outcome = await runInside(cgroup, 'head -c 100m /dev/zero | tail; echo status $?').done;
    expect(outcome.stdout).toBe('status 137\n'); // 128 + SIGKILL
    expect(cgroup.oomKilled()).toBe(true);
  });

  it('freezes and thaws', async () => {
    const cgroup = make();
    await sleeperIn(cgroup);
    expect(cgroup.isFrozen()).toBe(false);
    await cgroup.freeze();
    expect(cgroup.isFrozen()).toBe(true);
    await cgroup.thaw();
    expect(cgroup.isFrozen()).toBe(false);
  });

  it('removes a cgroup with live (even frozen) processes by killing them, and twice without error', async () => {
    const cgroup = make({ pidsLimit: 5 });
    const sleepers = [await sleeperIn(cgroup), await sleeperIn(cgroup)];
    await cgroup.freeze();
    await cgroup.remove();
    for (const s of sleepers) expect(await s.exited).toBe('SIGKILL');
    for (const file of cgroup.joinFiles()) expect(existsSync(dirname(file))).toBe(false);
    expect(Cgroup.list()).not.toContain(cgroup.name);
    await cgroup.remove();
  });

  it('re-applies limits when created again', () => {
    const first = make({ pidsLimit: 10 });
    const again = Cgroup.create(first.name, { pidsLimit: 20 });
    expect(readFileSync(join(dirname(procsFileOf(again, 'pids')), 'pids.max'), 'utf8').trim()).toBe('20');
  });

  it('names the file and folder when the kernel refuses a value', () => {
    const cgroup = make();
    expect(() => cgroup.update({ cpusetCpus: '0-4095' })).toThrow(/^write cpuset\.cpus in \/.*\/flotilla\/test-[0-9]+-[0-9]+: E[A-Z]+$/);
  });
});

describe.runIf(isRoot && v1)('cgroups v1 devices', () => {
  it('allows only docker default devices: mknod works, opening others does not', async () => {
    const cgroup = make();
    const list = readFileSync(join(dirname(procsFileOf(cgroup, 'devices')), 'devices.list'), 'utf8').trim().split('\n');
    expect(list).toEqual([...DEFAULT_DEVICE_RULES]);
    const dir = mkdtempSync(join(tmpdir(), 'flotilla-dev-'));
    try {
      // 1:4 is /dev/port: not on the list.
      const outcome = await runInside(cgroup, `head -c1 /dev/zero >/dev/null && mknod ${dir}/port c 1 4 && head -c1 ${dir}/port`).done;
      expect(outcome.stderr).toMatch(/Operation not permitted/);
      expect(existsSync(join(dir, 'port'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('allows every device when privileged', () => {
    const cgroup = make({}, true);
    expect(readFileSync(join(dirname(procsFileOf(cgroup, 'devices')), 'devices.list'), 'utf8').trim()).toBe('a *:* rwm');
  });
});

describe.runIf(isRoot && !v1)('cgroups v2 controllers', () => {
  it('enables the controllers for flotilla/ and cannot filter devices', () => {
    const cgroup = make({ pidsLimit: 5 });
    const parent = dirname(dirname(cgroup.joinFiles()[0]!));
    expect(readFileSync(join(parent, 'cgroup.subtree_control'), 'utf8')).toMatch(/memory/);
    expect(readFileSync(join(parent, 'cgroup.subtree_control'), 'utf8')).toMatch(/pids/);
    expect(hierarchy?.canFilterDevices).toBe(false);
  });
});

/** The cgroup.procs file of one controller (v2: the only one). */
function procsFileOf(cgroup: Cgroup, controller: string): string {
  const files = cgroup.joinFiles();
  if (files.length === 1) return files[0]!;
  const file = files.find((f) => f.includes(`/${controller}/`) || f.includes(`,${controller}/`) || f.includes(`/${controller},`));
  if (!file) throw new Error(`no ${controller} folder in ${files.join(' ')}`);
  return file;
}
