// The compose verbs that reach into containers, on real stacks through the
// built CLI: logs, exec, cp, kill, pause, unpause, top, port, wait, attach
// (fixtures/lifecycle/verbs-stack). `run` has its own file.
import { chownSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeStack, type Stack } from '../helpers/compose-stack.js';
import { sharedTestEngine } from '../helpers/engine.js';

const engine = sharedTestEngine();
let s: Stack;
let scratch: string;

beforeEach(() => {
  s = composeStack(engine, 'verbs-stack');
  s.ok(['up', '-d', '--wait']);
  scratch = mkdtempSync(join(tmpdir(), 'flotilla-verbs-'));
});

afterEach(async () => {
  s.dispose();
  rmSync(scratch, { recursive: true, force: true });
  // The CLI runs synchronously: let the worker answer vitest's messages between tests.
  await new Promise((resolve) => setImmediate(resolve));
});

const states = () => Object.fromEntries(s.ps().map((row) => [row.Name, row.State]));
// ender ends with 5 a moment after this (the file it waits for appears): late enough
// for the next command to start following it on a loaded machine too.
const endSoon = () => s.ok(['exec', '-d', 'ender', 'sh', '-c', 'sleep 1.5; touch /tmp/end']);

describe('logs', () => {
  it('prints every container\'s lines after its aligned name, stderr lines on stderr', () => {
    const result = s.run(['logs']);
    expect(result.status).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines).toEqual(expect.arrayContaining(['verbs-stack-web-1     | web one', 'verbs-stack-web-1     | web two', 'verbs-stack-worker-2  | worker replica says hi']));
    expect(lines.filter((l) => l.startsWith('verbs-stack-worker-'))).toHaveLength(2);
    expect(lines.indexOf('verbs-stack-web-1     | web one')).toBeLessThan(lines.indexOf('verbs-stack-web-1     | web two'));
    expect(result.stderr).toBe('verbs-stack-web-1     | web oops\n');
  });

  it('takes services, --index, -n, --no-log-prefix and -t', () => {
    expect(s.ok(['logs', '--no-log-prefix', 'worker'])).toBe('worker replica says hi\nworker replica says hi\n');
    expect(s.ok(['logs', '--index', '2', 'worker'])).toBe('verbs-stack-worker-2  | worker replica says hi\n');
    const tailed = s.run(['logs', '-n', '1', '--no-log-prefix', 'web']);
    expect(tailed.stdout + tailed.stderr).toMatch(/^web (two|oops)\n$/);
    expect(s.ok(['logs', '-t', 'worker', '--index', '1'])).toMatch(/^verbs-stack-worker-1  \| \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z worker replica says hi\n$/);
  });

  it('--since and --until keep the lines of their window', () => {
    expect(s.ok(['logs', '--since', '2000-01-01T00:00:00Z', 'worker', '--index', '1'])).toBe('verbs-stack-worker-1  | worker replica says hi\n');
    expect(s.ok(['logs', '--until', '2000-01-01T00:00:00Z', 'worker'])).toBe('');
    expect(s.ok(['logs', '--since', '0s', 'worker'])).toBe('');
  });

  it('-f follows until the containers end', () => {
    endSoon();
    const result = s.run(['logs', '-f', '--no-log-prefix', 'ender'], { timeout: 20_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toBe('ending\n');
  });

  it('an unknown service is an error', () => {
    const result = s.run(['logs', 'nope']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no such service: nope');
  });
});

describe('exec', () => {
  it('runs in the service\'s container and ends with the command\'s exit code', () => {
    const result = s.run(['exec', 'web', 'sh', '-c', 'echo out; echo err >&2; exit 4']);
    expect(result).toMatchObject({ status: 4, stdout: 'out\n', stderr: 'err\n' });
  });

  it('takes -e, -w, -u, -T and --index', () => {
    const out = s.ok(['exec', '-T', '--index', '2', '-e', 'A=b', '-w', '/tmp', '-u', '1000', 'worker', 'sh', '-c', 'echo $A $(pwd) $(id -u) $N; cat /etc/hostname']);
    const [words, hostname] = out.trimEnd().split('\n');
    expect(words).toBe('b /tmp 1000 replica');
    expect(s.inspect('verbs-stack-worker-2')['Id']).toMatch(new RegExp(`^${hostname}`));
  });

  it('-d returns at once while the command goes on; --privileged gives it every capability', () => {
    s.ok(['exec', '-d', 'web', 'sh', '-c', 'sleep 0.2; echo done > /tmp/detached']);
    expect(s.ok(['exec', 'web', 'sh', '-c', 'until test -f /tmp/detached; do sleep 0.05; done; cat /tmp/detached'])).toBe('done\n');
    const capEff = (flags: string[]) => /CapEff:\s+(\w+)/.exec(s.ok(['exec', ...flags, 'web', 'cat', '/proc/self/status']))![1];
    expect(capEff(['--privileged'])).not.toBe(capEff([]));
    expect(BigInt(`0x${capEff(['--privileged'])}`)).toBeGreaterThan(BigInt(`0x${capEff([])}`));
  });

  it('says which service is not running, or which replica is missing', () => {
    s.ok(['stop', 'ender']);
    expect(s.run(['exec', 'ender', 'true']).stderr).toContain('service "ender" is not running');
    const missing = s.run(['exec', '--index', '3', 'worker', 'true']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('service "worker" is not running container #3');
  });
});

describe('cp', () => {
  it('copies into every replica (owned by root, or the host owner with -a), and out of one', () => {
    const file = join(scratch, 'note.txt');
    writeFileSync(file, 'hello\n');
    chownSync(file, 1234, 1234);
    s.ok(['cp', file, 'worker:/tmp/']);
    s.ok(['cp', '-a', '--index', '2', file, 'worker:/tmp/kept.txt']);
    const owner = (index: string, path: string) => s.ok(['exec', '--index', index, 'worker', 'stat', '-c', '%u:%g', path]).trim();
    expect([owner('1', '/tmp/note.txt'), owner('2', '/tmp/note.txt')]).toEqual(['0:0', '0:0']);
    expect(owner('2', '/tmp/kept.txt')).toBe('1234:1234');
    expect(s.run(['exec', '--index', '1', 'worker', 'test', '-e', '/tmp/kept.txt']).status).toBe(1);
    s.ok(['cp', '--index', '2', 'worker:/tmp/kept.txt', join(scratch, 'back.txt')]);
    expect(readFileSync(join(scratch, 'back.txt'), 'utf8')).toBe('hello\n');
  });

  it('refuses two services or none', () => {
    expect(s.run(['cp', 'web:/a', 'worker:/b']).stderr).toContain('copying between services is not supported');
    expect(s.run(['cp', '/a', '/b']).status).toBe(2);
  });
});

describe('kill, pause, unpause', () => {
  it('pause and unpause the selected services\' containers', () => {
    s.ok(['pause', 'worker']);
    expect(states()).toMatchObject({ 'verbs-stack-worker-1': 'paused', 'verbs-stack-worker-2': 'paused', 'verbs-stack-web-1': 'running' });
    s.ok(['unpause']);
    expect(states()).toMatchObject({ 'verbs-stack-worker-1': 'running', 'verbs-stack-worker-2': 'running' });
  });

  it('kill sends SIGKILL, or the signal of -s', () => {
    // ender traps nothing: SIGTERM ends its shell (143); web's httpd is PID 1 and ignores it.
    s.ok(['kill', '-s', 'SIGTERM', 'ender', 'web']);
    const rows = () => Object.fromEntries(s.ps().map((row) => [row.Name, row]));
    expect(rows()['verbs-stack-web-1']!.State).toBe('running');
    s.ok(['kill', 'web']);
    expect(rows()['verbs-stack-web-1']).toMatchObject({ State: 'exited', ExitCode: 137 });
    expect(rows()['verbs-stack-worker-1']!.State).toBe('running');
    expect(s.run(['kill', 'web']).stderr).toContain('no container to kill');
  });
});

describe('top and port', () => {
  it('top lists each running container\'s processes under its name', () => {
    const out = s.ok(['top', 'worker']);
    const blocks = out.trimEnd().split('\n\n');
    expect(blocks.map((b) => b.split('\n')[0])).toEqual(['verbs-stack-worker-1', 'verbs-stack-worker-2']);
    for (const block of blocks) {
      expect(block.split('\n')[1]).toMatch(/^UID\s+PID\s+PPID\s+C\s+STIME\s+TTY\s+TIME\s+CMD$/);
      expect(block.split('\n')[2]).toMatch(/sleep 3600$/);
    }
  });

  it('port prints the host address of a published port, by protocol', () => {
    const ports = s.ps().find((row) => row.Name === 'verbs-stack-web-1')!.Ports;
    const tcp = s.ok(['port', 'web', '8080']).trim();
    const udp = s.ok(['port', '--protocol', 'udp', 'web', '5353']).trim();
    expect(tcp).toMatch(/^0\.0\.0\.0:\d+$/);
    expect(udp).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(ports).toContain(`${tcp}->8080/tcp`);
    expect(ports).toContain(`${udp}->5353/udp`);
    const missing = s.run(['port', 'web', '9']);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('no port 9/tcp for container verbs-stack-web-1');
  });
});

describe('wait and attach', () => {
  it('wait ends with the exit code of the containers it waited for', () => {
    endSoon();
    const result = s.run(['wait', 'ender'], { timeout: 20_000 });
    const id = s.inspect('verbs-stack-ender-1')['Id'];
    expect(result.stdout).toBe(`container "${id}" exited with status code 5\n`);
    expect(result.status).toBe(5);
  });

  it('wait --down-project takes the project down once they have stopped', () => {
    endSoon();
    expect(s.run(['wait', '--down-project', 'ender'], { timeout: 20_000 }).status).toBe(5);
    expect(s.ps()).toEqual([]);
  });

  it('attach follows a running container\'s output until it ends, with its exit code', () => {
    endSoon();
    const result = s.run(['attach', 'ender'], { timeout: 20_000 });
    expect(result).toMatchObject({ status: 5, stdout: 'ending\n' });
  });
});
