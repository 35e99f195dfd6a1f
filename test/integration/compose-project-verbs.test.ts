// The project-wide verbs on real containers: ls, scale, compose images,
// stats, events, info, and the text of each progress mode of up (the live
// block under a pseudo-terminal made by util-linux's script).
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { composeStack, type Stack } from '../helpers/compose-stack.js';
import { sharedTestEngine } from '../helpers/engine.js';
import { eventually } from '../helpers/eventually.js';
import { cliPath } from '../helpers/scenario.js';

const engine = sharedTestEngine();
let stacks: Stack[] = [];

function stack(): Stack {
  const made = composeStack(engine, 'project-verbs');
  stacks.push(made);
  return made;
}

afterEach(() => {
  for (const s of stacks) s.dispose();
  stacks = [];
});

const env = () => ({ PATH: '/usr/sbin:/usr/bin:/sbin:/bin', FLOTILLA_ROOT: engine.root, FLOTILLA_DNS_UPSTREAMS: '' });
const fileArgs = (s: Stack) => ['--project-directory', s.dir, '-f', join(s.dir, 'compose.yaml')];

describe('ls', () => {
  it('lists running projects, stopped ones with -a, by name with --filter', () => {
    const s = stack();
    s.ok(['up', '-d', '--wait']);
    const rows = JSON.parse(engine.ok(['ls', '--format', 'json'])) as { Name: string; Status: string; ConfigFiles: string }[];
    expect(rows).toEqual([{ Name: 'project-verbs', Status: 'running(2)', ConfigFiles: join(s.dir, 'compose.yaml') }]);
    expect(engine.ok(['ls', '-q'])).toBe('project-verbs\n');
    expect(engine.ok(['ls', '-q', '--filter', 'name=nomatch'])).toBe('');
    s.ok(['stop', 'web']);
    expect(engine.ok(['ls'])).toMatch(/^project-verbs\s+exited\(1\), running\(1\)\s/m);
    s.ok(['stop']);
    expect(engine.ok(['ls', '-q'])).toBe('');
    expect(engine.ok(['ls', '-a', '-q'])).toBe('project-verbs\n');
  });
});

describe('scale', () => {
  it('adds and removes containers of a service and keeps the ones that stay', () => {
    const s = stack();
    s.ok(['up', '-d', '--wait']);
    const web1 = s.inspect('project-verbs-web-1')['Id'];
    s.ok(['scale', 'web=3']);
    expect(s.ps().filter((r) => r.Service === 'web').map((r) => r.Name).sort()).toEqual(['project-verbs-web-1', 'project-verbs-web-2', 'project-verbs-web-3']);
    s.ok(['scale', 'web=1']);
    expect(s.ps().filter((r) => r.Service === 'web').map((r) => r.Name)).toEqual(['project-verbs-web-1']);
    expect(s.inspect('project-verbs-web-1')['Id']).toBe(web1);
    expect(s.run(['scale', 'nosuch=2']).stderr).toMatch(/no such service: nosuch/);
  });
});

describe('images and stats', () => {
  it('lists the project\'s images under compose, and the engine\'s at the top level', () => {
    const s = stack();
    s.ok(['up', '-d', '--wait']);
    const rows = JSON.parse(s.ok(['compose', 'images', '--format', 'json'])) as { ContainerName: string; Repository: string; Tag: string; ID: string }[];
    expect(rows.map((r) => `${r.ContainerName} ${r.Repository}:${r.Tag}`)).toEqual(['project-verbs-db-1 busybox:latest', 'project-verbs-web-1 busybox:latest']);
    expect(s.ok(['compose', 'images', '-q'])).toBe(`${rows[0]!.ID.replace('sha256:', '').slice(0, 12)}\n`);
    // `flotilla images` stays docker's image list.
    expect(s.ok(['images'])).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID/);
    const stats = s.ok(['stats', '--no-stream', '--format', '{{.Name}} {{.PIDs}}']).trim().split('\n').sort();
    expect(stats.map((line) => line.split(' ')[0])).toEqual(['project-verbs-db-1', 'project-verbs-web-1']);
    for (const line of stats) expect(Number(line.split(' ')[1])).toBeGreaterThan(0);
  });
});

describe('info and version', () => {
  it('counts containers by state and images, and names the drivers and the root', () => {
    const s = stack();
    s.ok(['up', '-d', '--wait']);
    s.ok(['stop', 'web']);
    const info = JSON.parse(engine.ok(['info', '-f', 'json'])) as Record<string, unknown>;
    expect(info).toMatchObject({ Containers: 2, ContainersRunning: 1, ContainersStopped: 1, Images: 1, Driver: 'overlay2', CgroupDriver: 'cgroupfs', DockerRootDir: engine.root });
    expect(engine.ok(['version', '-f', '{{.Server.StorageDriver}} {{.Server.RootDir}}'])).toBe(`overlay2 ${engine.root}\n`);
    expect(engine.ok(['compose', 'version', '--short'])).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});

describe('events', () => {
  it('streams create, start, health, die and stop of the project\'s containers, and tells the past with --since', async () => {
    const s = stack();
    // --since now: what happens before the stream's first read of the store is told from it, so nothing is missed.
    const child = spawn(cliPath, [...fileArgs(s), 'events', '--json', '--since', new Date().toISOString()], { env: env(), stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    const seen = () => out.split('\n').filter(Boolean).map((line) => JSON.parse(line) as { action: string; service: string; attributes: Record<string, string> });
    try {
      s.ok(['up', '-d', '--wait']);
      s.ok(['stop', 'web']);
      await eventually(() => {
        const web = seen().filter((e) => e.service === 'web').map((e) => e.action);
        expect(web).toEqual(['create', 'start', 'die', 'stop']);
        expect(seen().filter((e) => e.service === 'db').map((e) => e.action)).toEqual(['create', 'start', 'health_status: healthy']);
      });
      expect(seen().find((e) => e.action === 'die')!.attributes).toMatchObject({ name: 'project-verbs-web-1', image: 'busybox', exitCode: '0' });
    } finally {
      child.kill('SIGTERM');
    }
    const past = s.ok(['events', '--since', '1h', '--until', '0s']).trim().split('\n');
    expect(past.map((line) => line.split(' ').slice(2, 4).join(' '))).toEqual(['container create', 'container create', 'container start', 'container start', 'container die', 'container stop']);
    expect(past[0]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6} container create [0-9a-f]{64} \(image=busybox, name=project-verbs-db-1\)$/);
  });
});

describe('progress', () => {
  /** Runs the CLI under a pseudo-terminal: stdout and stderr are both terminals. */
  const underTerminal = (s: Stack, args: readonly string[], extraEnv: Record<string, string> = {}) => {
    const line = [cliPath, ...fileArgs(s), ...args].map((a) => `'${a}'`).join(' ');
    const result = spawnSync('script', ['-q', '-e', '-c', line, '/dev/null'], { env: { ...env(), COLUMNS: '80', LINES: '24', ...extraEnv }, encoding: 'utf8', timeout: 60_000 });
    if (result.status !== 0) throw new Error(`script ${line} failed (${result.status}): ${result.stdout}${result.stderr}`);
    return result.stdout;
  };

  it('draws the live block on a terminal: header counting done/total, marks, reasons, timers', () => {
    const s = stack();
    const text = underTerminal(s, ['up', '-d']);
    // The last frame: every resource done.
    const frames = text.split('[+] Running ');
    const last = frames[frames.length - 1]!.replace(/\x1b\[[0-9;]*[A-Za-z]/g, '').split(/\r?\n/).map((l) => l.trimEnd());
    expect(last[0]).toBe('3/3');
    expect(last.slice(1, 4).map((l) => l.replace(/\s+\d+\.\ds$/, '').replace(/\s+/g, ' '))).toEqual([
      ' ✔ Network project-verbs_default Created not found',
      ' ✔ Container project-verbs-db-1 Healthy required by web',
      ' ✔ Container project-verbs-web-1 Started not found',
    ]);
    expect(text).toContain('\x1b[32m✔\x1b[0m');
    expect(text).toMatch(/\x1b\[\d+F/);
  });

  it('prints plain lines on a terminal with --ansi never, and json or nothing when asked', () => {
    const s = stack();
    const plain = underTerminal(s, ['--ansi', 'never', 'up', '-d']);
    expect(plain).not.toContain('\x1b[');
    expect(plain).toContain(' Container project-verbs-db-1  Waiting  required by web\r\n');
    const json = s.run(['--progress', 'json', 'up', '-d', '--force-recreate']).stderr.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(json[0]).toEqual({ id: 'Container project-verbs-db-1', status: 'Working', text: 'Recreate', details: '--force-recreate', current: 0, total: 2 });
    expect(json[json.length - 1]).toMatchObject({ id: 'Container project-verbs-web-1', status: 'Done', text: 'Started', current: 2, total: 2 });
    expect(s.run(['stop'], { env: { COMPOSE_PROGRESS: 'quiet' } }).stderr).toBe('');
  });

  it('prints plain lines when only one of stdout and stderr is a terminal', () => {
    const s = stack();
    s.ok(['up', '-d', '--wait']);
    const quoted = [cliPath, ...fileArgs(s)].map((a) => `'${a}'`).join(' ');
    // stdout to /dev/null, stderr the terminal.
    const stderrOnly = spawnSync('script', ['-q', '-e', '-c', `${quoted} restart web > /dev/null`, '/dev/null'], { env: env(), encoding: 'utf8' });
    expect(stderrOnly.stdout).toContain(' Container project-verbs-web-1  Started\r\n');
    expect(stderrOnly.stdout).not.toContain('[+] Running');
    // stdout the terminal (through fd 3), stderr a pipe to cat.
    const stdoutOnly = spawnSync('script', ['-q', '-e', '-c', `{ ${quoted} stop 2>&1 >&3 | cat; } 3>&1`, '/dev/null'], { env: env(), encoding: 'utf8' });
    expect(stdoutOnly.stdout).toContain(' Container project-verbs-web-1  Stopped');
    expect(stdoutOnly.stdout).not.toContain('[+] Running');
  });
});
