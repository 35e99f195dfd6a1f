// Real containers from the busybox test image: isolation, privileges,
// lifecycle, restart policy, and that nothing is left behind.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { testEngine, type TestEngine } from '../helpers/engine.js';
import { cliPath } from '../helpers/scenario.js';
// @ts-expect-error: a plain ESM script without type declarations
import { buildBusybox } from '../../fixtures/images/build-test-images.mjs';

let engine: TestEngine;
beforeAll(() => {
  engine = testEngine();
});
// Every test's containers go; nothing of them may remain.
afterEach(() => engine.removeContainers());
afterAll(() => engine.dispose());

function run(...command: string[]) {
  return engine.flotilla(['container', 'run', '--rm', 'busybox', ...command]);
}

function runWith(flags: string[], ...command: string[]) {
  return engine.flotilla(['container', 'run', '--rm', ...flags, 'busybox', ...command]);
}

describe('container run', () => {
  it('prints stdout and stderr apart, ends with the exit code, and --rm leaves nothing', () => {
    const result = run('sh', '-c', 'echo out; echo err >&2; exit 3');
    expect([result.stdout, result.stderr, result.status]).toEqual(['out\n', 'err\n', 3]);
    expect(readdirSync(join(engine.root, 'containers'))).toEqual([]);
  });

  it('isolates processes, host name, network and mounts, with Docker\'s 14 capabilities', () => {
    const out = run('sh', '-c', `cat /proc/1/comm; test -e /proc/${process.pid} && echo host-visible; hostname; ls /sys/class/net; grep CapEff /proc/self/status; mount -t tmpfs none /tmp 2>&1; echo mount=$?`).stdout.split('\n');
    expect(out[0]).toBe('sh'); // the command is PID 1, and this test's own pid does not exist in there
    expect(out[1]).toMatch(/^[0-9a-f]{12}$/);
    // Its own interfaces only: loopback and its end of the default network's veth.
    expect(out.slice(2, 4)).toEqual(['eth0', 'lo']);
    expect(out[4]).toBe('CapEff:\t00000000a80425fb');
    expect(out.slice(-3, -1)).toEqual(['mount: permission denied (are you root?)', 'mount=1']);
  });

  it('cannot load kernel modules or escape its root through chroot', () => {
    const marker = `host-marker-${process.pid}`;
    writeFileSync(join(engine.root, '..', marker), 'host');
    const script = [
      'grep CapBnd /proc/self/status',
      // The classic escape: keep a directory fd, chroot deeper, climb out through it.
      'mkdir -p /jail/bin && cp /bin/busybox /jail/bin/ && exec 3</ && chroot /jail /bin/busybox sh -c "cd /proc/self/fd/3 2>/dev/null; cd ../../../..; /bin/busybox ls /"',
      `find / -xdev -name ${marker} | wc -l`,
    ].join('; ');
    const out = run('sh', '-c', script).stdout.split('\n');
    // No CAP_SYS_MODULE (bit 16) in the bounding set: no process in there can ever load a module.
    expect(BigInt(`0x${out[0]!.split('\t')[1]}`) & (1n << 16n)).toBe(0n);
    expect(out[1]).toBe('bin');
    expect(out[2]!.trim()).toBe('0');
  });

  it('hides and protects what Docker hides under /proc and /sys', () => {
    // /proc/keys and /proc/timer_list exist on every kernel we run on (kcore may not).
    const out = run('sh', '-c', 'cat /proc/keys /proc/timer_list | wc -c; ls /sys/firmware | wc -l; echo 1 > /proc/sys/kernel/domainname; echo write=$?; cat /proc/mounts | grep -c " /proc/sys proc ro"').stdout.split('\n');
    expect(out.slice(0, 2).map((l) => l.trim())).toEqual(['0', '0']);
    expect(out[2]).toBe('write=1');
    expect(out[3]).toBe('1');
  });

  it('runs as another user without capabilities, and refuses writes on a read-only root', () => {
    expect(runWith(['-u', 'nobody'], 'sh', '-c', 'id -u; grep CapEff /proc/self/status').stdout).toBe('65534\nCapEff:\t0000000000000000\n');
    const ro = engine.flotilla(['container', 'run', '--rm', '--read-only', '--tmpfs', '/scratch', 'busybox', 'sh', '-c', 'touch /x 2>&1; echo root=$?; touch /scratch/x; echo tmpfs=$?']);
    expect(ro.stdout).toBe('touch: /x: Read-only file system\nroot=1\ntmpfs=0\n');
  });

  it('applies the image\'s defaults and the overrides', () => {
    const out = runWith(['-e', 'A=1', '-w', '/work/dir', '-h', 'box', '--cap-drop', 'ALL', '--cap-add', 'KILL'], 'sh', '-c', 'echo $A $HOSTNAME $HOME; pwd; hostname; grep CapEff /proc/self/status');
    expect(out.stdout).toBe('1 box /root\n/work/dir\nbox\nCapEff:\t0000000000000020\n');
  });

  it('sets namespaced sysctls and refuses the others before creating anything', () => {
    expect(runWith(['--sysctl', 'net.ipv4.ip_unprivileged_port_start=80'], 'cat', '/proc/sys/net/ipv4/ip_unprivileged_port_start').stdout).toBe('80\n');
    const host = engine.flotilla(['container', 'run', '--rm', '--sysctl', 'kernel.domainname=x', 'busybox', 'true']);
    expect([host.status, host.stderr]).toEqual([125, 'error: sysctl "kernel.domainname" is not namespaced: a container may set only kernel IPC, fs.mqueue and net keys\n']);
    expect(engine.containerIds()).toEqual([]);
  });

  it('sets --oom-score-adj for the container\'s processes, and refuses one out of range', () => {
    expect(runWith(['--oom-score-adj', '500'], 'sh', '-c', 'cat /proc/1/oom_score_adj /proc/self/oom_score_adj').stdout).toBe('500\n500\n');
    const out = runWith(['--oom-score-adj', '1001'], 'true');
    expect([out.status, out.stderr]).toEqual([125, 'error: invalid --oom-score-adj "1001": between -1000 and 1000\n']);
  });

  it('hands stdin to the container with -i, and /dev/null without it', () => {
    expect(engine.flotilla(['container', 'run', '--rm', '-i', 'busybox', 'sh', '-c', 'wc -l; echo done'], { input: 'one\ntwo\n' }).stdout).toBe('2\ndone\n');
    expect(engine.flotilla(['container', 'run', '--rm', 'busybox', 'cat'], { input: 'ignored\n' }).stdout).toBe('');
  });

  it('gives the command a terminal with -t, and relays typed input with -it', () => {
    const tty = engine.flotilla(['container', 'run', '--rm', '-t', 'busybox', 'sh', '-c', 'tty; stty size; echo $TERM']);
    expect(tty.stdout).toBe('/dev/pts/0\r\n24 80\r\n\r\nxterm\r\n'.replace('\r\n\r\n', '\r\n'));
    const notTty = engine.flotilla(['container', 'run', '--rm', '-it', 'busybox', 'true']);
    expect([notTty.status, notTty.stderr]).toEqual([1, 'error: the input device is not a TTY: drop -t, or run from a terminal\n']);
    // util-linux script gives the CLI a terminal; what is typed there reaches the container's.
    const typed = execFileSync('script', ['-qec', `${cliPath} container run --rm -it busybox sh -c 'read x; echo got $x'`, '/dev/null'], {
      input: 'hello\n', env: { PATH: '/usr/bin:/bin', FLOTILLA_ROOT: engine.root }, encoding: 'utf8',
    });
    expect(typed).toContain('got hello');
  });

  it('resizes a running container\'s terminal when the client\'s is resized', () => {
    // The container waits (at most 8 s) for its terminal to change size from the starting 24x80.
    const inContainer = 'stty size; i=0; while [ "$(stty size)" = "24 80" ] && [ $i -lt 80 ]; do sleep 0.1; i=$((i+1)); done; stty size';
    // Inside script's terminal: resize it a second after the CLI started (stty sets the size, the kernel sends SIGWINCH).
    const session = `(sleep 1; stty rows 45 cols 123 </dev/tty) & exec ${cliPath} container run --rm -t busybox sh -c '${inContainer}'`;
    const out = execFileSync('script', ['-qec', session, '/dev/null'], { env: { PATH: '/usr/bin:/bin', FLOTILLA_ROOT: engine.root }, encoding: 'utf8', timeout: 20_000 });
    expect(out.replaceAll('\r', '').trim().split('\n')).toEqual(['24 80', '45 123']);
  });

  it('fails with 125 and the reason when the container cannot be set up, leaving it exited', () => {
    const result = engine.flotilla(['container', 'run', '--name', 'badsysctl', '--sysctl', 'net.no_such_key=1', 'busybox', 'true']);
    expect(result.status).toBe(125);
    expect(result.stderr).toBe('error: cannot start container badsysctl: sysctl net.no_such_key: No such file or directory\n');
    expect(JSON.parse(engine.flotilla(['container', 'inspect', 'badsysctl']).stdout)[0].State).toMatchObject({ Status: 'exited', ExitCode: 125 });
  });

  it('creates a missing host directory for a -v bind, and binds read-only when asked', () => {
    const host = join(engine.root, '..', 'bind-me', 'deep');
    const out = runWith(['-v', `${host}:/data`, '-v', `${host}:/ro:ro`], 'sh', '-c', 'echo hi > /data/f; cat /ro/f; echo x > /ro/g 2>/dev/null || echo refused');
    expect(out.stdout).toBe('hi\nrefused\n');
    expect(readFileSync(join(host, 'f'), 'utf8')).toBe('hi\n');
  });

  it('takes --mount binds and tmpfs, refusing a missing bind source', () => {
    const host = join(engine.root, '..', 'mount-src');
    const missing = engine.flotilla(['container', 'run', '--rm', '--mount', `type=bind,source=${host},target=/m`, 'busybox', 'true']);
    expect([missing.status, missing.stderr]).toEqual([125, `error: invalid mount config for type "bind": bind source path does not exist: ${host}\n`]);
    execFileSync('mkdir', ['-p', host]);
    const out = runWith(['--mount', `type=bind,source=${host},target=/m,readonly`, '--mount', 'type=tmpfs,target=/t,tmpfs-size=1m'], 'sh', '-c', 'touch /m/x 2>/dev/null || echo ro; df -k /t | tail -1');
    expect(out.stdout).toMatch(/^ro\ntmpfs\s+1024\s/);
  });

  it('fails with 127 and docker\'s message when the command does not exist', () => {
    const result = run('no-such-command');
    expect(result.status).toBe(127);
    expect(result.stderr).toMatch(/^error: cannot start container \w+: exec: "no-such-command": executable file not found in \$PATH\n$/);
  });
});

describe('container lifecycle', () => {
  it('keeps a detached container running after the CLI exits, under a supervisor', () => {
    const id = engine.flotilla(['container', 'run', '-d', '--name', 'sleeper', 'busybox', 'sleep', '300']).stdout.trim();
    expect(id).toMatch(/^[0-9a-f]{64}$/);
    const [info] = JSON.parse(engine.flotilla(['container', 'inspect', 'sleeper']).stdout);
    expect(info.State).toMatchObject({ Status: 'running', Running: true });
    const ppid = readFileSync(`/proc/${info.State.Pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1];
    expect(readFileSync(`/proc/${ppid}/cmdline`, 'utf8')).toContain('flotilla-shim');
    expect(engine.flotilla(['container', 'ls']).stdout).toMatch(/\n[0-9a-f]{12}\s+busybox\s+"sleep 300"\s+.*Up .*sleeper\n$/);
  });

  it('stops a PID 1 that ignores SIGTERM with SIGKILL after the grace period, and starts it again', () => {
    engine.flotilla(['container', 'run', '-d', '--name', 'stubborn', 'busybox', 'sleep', '300']);
    expect(engine.flotilla(['container', 'stop', '-t', '1', 'stubborn']).status).toBe(0);
    const [stopped] = JSON.parse(engine.flotilla(['container', 'inspect', 'stubborn']).stdout);
    expect(stopped.State).toMatchObject({ Status: 'exited', ExitCode: 137 });
    expect(engine.flotilla(['container', 'start', 'stubborn']).status).toBe(0);
    expect(JSON.parse(engine.flotilla(['container', 'inspect', 'stubborn']).stdout)[0].State.Status).toBe('running');
  });

  it('lets a process that handles SIGTERM exit with its own code', () => {
    engine.flotilla(['container', 'run', '-d', '--name', 'polite', 'busybox', 'sh', '-c', 'trap "exit 7" TERM; while true; do sleep 0.1; done']);
    engine.flotilla(['container', 'stop', 'polite']);
    expect(JSON.parse(engine.flotilla(['container', 'inspect', 'polite']).stdout)[0].State.ExitCode).toBe(7);
  });

  it('restarts on failure up to the limit, with the output of every run in the log, on its network every time', async () => {
    // The first run joins its network as the engine attaches it; the restarts join the same one again.
    engine.flotilla(['container', 'run', '-d', '--name', 'flaky', '--restart', 'on-failure:2', 'busybox', 'sh', '-c', 'echo attempt $(ls /sys/class/net | grep -c eth0); exit 1']);
    await eventually(() => {
      const [info] = JSON.parse(engine.flotilla(['container', 'inspect', 'flaky']).stdout);
      expect(info.State.Status).toBe('exited');
      expect(info.RestartCount).toBe(2);
    });
    expect(engine.flotilla(['container', 'logs', 'flaky']).stdout).toBe('attempt 1\nattempt 1\nattempt 1\n');
  });

  it('does not restart an "always" container the user stopped', () => {
    engine.flotilla(['container', 'run', '-d', '--name', 'always', '--restart', 'always', 'busybox', 'sleep', '300']);
    engine.flotilla(['container', 'stop', '-t', '0', 'always']);
    expect(JSON.parse(engine.flotilla(['container', 'inspect', 'always']).stdout)[0].State.Status).toBe('exited');
  });

  it('refuses to remove a running container without -f, and a name already in use', () => {
    engine.flotilla(['container', 'run', '-d', '--name', 'busy', 'busybox', 'sleep', '300']);
    const rm = engine.flotilla(['container', 'rm', 'busy']);
    expect([rm.status, rm.stderr]).toEqual([1, 'error: cannot remove container busy: it is running: stop it first or use -f\n']);
    const clash = engine.flotilla(['container', 'create', '--name', 'busy', 'busybox']);
    expect(clash.status).toBe(125);
    expect(clash.stderr).toMatch(/^error: the container name "\/busy" is already in use by container "[0-9a-f]{64}"/);
  });

  it('shows a container whose supervisor and process were killed (a reboot) as exited, and starts it again', async () => {
    engine.flotilla(['container', 'run', '-d', '--name', 'rebooted', 'busybox', 'sleep', '300']);
    const [info] = JSON.parse(engine.flotilla(['container', 'inspect', 'rebooted']).stdout);
    const state = readFileSync(join(engine.root, 'containers', info.Id, 'state'), 'utf8');
    const shimPid = Number(/shim_pid=(\d+)/.exec(state)![1]);
    process.kill(shimPid, 'SIGKILL');
    process.kill(info.State.Pid, 'SIGKILL');
    await eventually(() => expect(existsSync(`/proc/${info.State.Pid}`)).toBe(false));
    expect(JSON.parse(engine.flotilla(['container', 'inspect', 'rebooted']).stdout)[0].State).toMatchObject({ Status: 'exited', ExitCode: 255 });
    expect(engine.flotilla(['container', 'start', 'rebooted']).status).toBe(0);
    expect(JSON.parse(engine.flotilla(['container', 'inspect', 'rebooted']).stdout)[0].State.Status).toBe('running');
  });

  it('rotates the log past max-size, keeping max-file files, and reads them in order', async () => {
    engine.flotilla(['container', 'run', '-d', '--name', 'chatty', '--log-opt', 'max-size=2k', '--log-opt', 'max-file=3', 'busybox', 'sh', '-c', 'i=0; while [ $i -lt 200 ]; do echo line $i; i=$((i+1)); done']);
    await eventually(() => expect(JSON.parse(engine.flotilla(['container', 'inspect', 'chatty']).stdout)[0].State.Status).toBe('exited'));
    const [info] = JSON.parse(engine.flotilla(['container', 'inspect', 'chatty']).stdout);
    const files = readdirSync(join(engine.root, 'containers', info.Id)).filter((f) => f.includes('-json.log')).sort();
    expect(files).toEqual([`${info.Id}-json.log`, `${info.Id}-json.log.1`, `${info.Id}-json.log.2`]);
    const lines = engine.flotilla(['container', 'logs', 'chatty']).stdout.trim().split('\n');
    // The oldest lines were rotated away; what is kept is in order and ends with the last line.
    expect(lines.at(-1)).toBe('line 199');
    expect(lines.map((l) => Number(l.split(' ')[1]))).toEqual(lines.map((_, i) => 200 - lines.length + i));
  });

  it('refuses to remove an image a container uses, unless forced', () => {
    engine.flotilla(['container', 'create', '--name', 'holder', 'busybox', 'true']);
    const rm = engine.flotilla(['image', 'rm', 'busybox']);
    expect([rm.status, rm.stderr]).toEqual([1, 'error: image busybox is used by a container: remove the container first, or use -f\n']);
    engine.flotilla(['image', 'prune']);
    expect(engine.flotilla(['images', '-q']).stdout).not.toBe('');
  });

  it('sweeps away a container whose create was killed before its record was written', () => {
    const half = join(engine.root, 'containers', 'f'.repeat(64));
    execFileSync('mkdir', ['-p', join(half, 'upper')]);
    engine.flotilla(['container', 'create', '--name', 'after-crash', 'busybox', 'true']);
    expect(existsSync(half)).toBe(false);
  });

  it('prunes every container that is not running, as filtered, reporting the space their layers took', () => {
    const ok = (args: string[]) => engine.ok(args).trim();
    const created = ok(['container', 'create', '--label', 'keep', 'busybox', 'true']);
    const exited = ok(['container', 'run', '-d', 'busybox', 'sh', '-c', 'printf 12345 > /written']);
    const running = ok(['container', 'run', '-d', 'busybox', 'sleep', '30']);
    expect(ok(['container', 'wait', exited])).toBe('0');
    // Created a moment ago: none is older than an hour.
    expect(ok(['container', 'prune', '-f', '--filter', 'until=1h'])).toBe('Total reclaimed space: 0B');
    expect(ok(['container', 'prune', '-f', '--filter', 'label!=keep'])).toBe(`Deleted Containers:\n${exited}\n\nTotal reclaimed space: 5B`);
    expect(ok(['container', 'prune', '-f'])).toBe(`Deleted Containers:\n${created}\n\nTotal reclaimed space: 0B`);
    expect(ok(['container', 'ls', '-a', '-q', '--no-trunc'])).toBe(running);
    const bad = engine.flotilla(['container', 'prune', '--filter', 'name=x']);
    expect([bad.status, bad.stderr]).toEqual([2, 'error: invalid filter "name=x": use until=, label= or label!=\n']);
  });

  it('formats ls and inspect with Go templates, as docker\'s --format', () => {
    const ok = (args: string[]) => engine.ok(args);
    const id = ok(['container', 'run', '-d', '--name', 'formatted', '-l', 'tier=front', 'busybox', 'sleep', '30']).trim();
    const pid = ok(['container', 'inspect', '-f', '{{.State.Pid}}', 'formatted']).trim();
    expect(readFileSync(`/proc/${pid}/cmdline`, 'utf8')).toBe('sleep\u000030\u0000');
    expect(ok(['container', 'inspect', '--format', '{{.Name}} {{.State.Status}} {{index .Config.Labels "tier"}}', 'formatted'])).toBe('/formatted running front\n');
    expect(ok(['container', 'ls', '--format', '{{.Names}}\\t{{.State}}'])).toBe('formatted\trunning\n');
    expect(ok(['container', 'ls', '--format', 'table {{.ID}}\\t{{.Names}}\\t{{.Labels}}'])).toBe(`CONTAINER ID   NAMES       LABELS\n${id.slice(0, 12)}   formatted   tier=front\n`);
    expect(JSON.parse(ok(['container', 'inspect', '-f', 'json', 'formatted'])) as { Id: string }).toMatchObject({ Id: id });
    expect(ok(['images', '--format', '{{.Repository}}:{{.Tag}}'])).toBe('busybox:latest\n');
    const bad = engine.flotilla(['container', 'ls', '--format', '{{.Names']);
    expect([bad.status, bad.stderr]).toEqual([2, 'error: template parsing error: unclosed action\n']);
  });

  it('writes the ID to --cidfile, refusing a file that exists, and reads --label-file', () => {
    const dir = mkdtempSync(join(engine.root, '..', 'cid-'));
    writeFileSync(join(dir, 'labels'), 'tier=back\n# a comment\n\nbare\n');
    const id = engine.ok(['container', 'create', '--cidfile', join(dir, 'cid'), '--label-file', join(dir, 'labels'), '-l', 'tier=front', 'busybox', 'true']).trim();
    expect(readFileSync(join(dir, 'cid'), 'utf8')).toBe(id);
    expect(engine.ok(['container', 'inspect', '-f', '{{json .Config.Labels}}', id])).toBe('{"tier":"front","bare":""}\n');
    const again = engine.flotilla(['container', 'run', '--cidfile', join(dir, 'cid'), 'busybox', 'true']);
    expect([again.status, again.stderr]).toEqual([2, `error: container ID file found, make sure the other container is not running or delete ${join(dir, 'cid')}\n`]);
    // Nothing was made.
    expect(engine.containerIds()).toEqual([id]);
  });

  it('removes a --rm container once it ends, detached or started later, with its anonymous volumes', async () => {
    engine.ok(['container', 'run', '-d', '--rm', '-v', '/data', 'busybox', 'sleep', '0.3']);
    expect(engine.containerIds()).toHaveLength(1);
    expect(engine.ok(['volume', 'ls', '-q']).trim().split('\n')).toHaveLength(1);
    // Its supervisor has it removed once it has ended.
    await eventually(() => expect(engine.containerIds()).toEqual([]), 10_000);
    expect(engine.ok(['volume', 'ls', '-q'])).toBe('');
    const created = engine.ok(['container', 'create', '--rm', 'busybox', 'echo', 'attached']).trim();
    expect(engine.ok(['container', 'start', '-a', created])).toBe('attached\n');
    expect(engine.containerIds()).toEqual([]);
    const conflict = engine.flotilla(['container', 'run', '--rm', '--restart', 'always', 'busybox', 'true']);
    expect([conflict.status, conflict.stderr]).toEqual([125, 'error: conflicting options: --restart and --rm\n']);
  });

  it('keeps the output with timestamps, tail and follow', () => {
    engine.flotilla(['container', 'run', '-d', '--name', 'talker', 'busybox', 'sh', '-c', 'for i in 1 2 3; do echo line $i; done; sleep 0.3; echo late']);
    const followed = engine.flotilla(['container', 'logs', '-f', 'talker']);
    expect(followed.stdout).toBe('line 1\nline 2\nline 3\nlate\n');
    expect(engine.flotilla(['container', 'logs', '--tail', '1', 'talker']).stdout).toBe('late\n');
    expect(engine.flotilla(['container', 'logs', '-t', '--tail', '1', 'talker']).stdout).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z late\n$/);
  });
});

describe('container exec and init', () => {
  it('runs commands inside a running container with its namespaces, user, env and workdir', () => {
    engine.flotilla(['container', 'run', '-d', '--name', 'target', 'busybox', 'sleep', '300']);
    const inside = engine.flotilla(['container', 'exec', 'target', 'sh', '-c', 'cat /proc/1/cmdline | tr "\\0" " "; echo; hostname; grep CapEff /proc/self/status; exit 5']);
    expect(inside.status).toBe(5);
    const [info] = JSON.parse(engine.flotilla(['container', 'inspect', 'target']).stdout);
    expect(inside.stdout).toBe(`sleep 300 \n${info.Config.Hostname}\nCapEff:\t00000000a80425fb\n`);
    const as = engine.flotilla(['container', 'exec', '-u', 'nobody', '-w', '/tmp', '-e', 'X=1', 'target', 'sh', '-c', 'id -u; pwd; echo $X']);
    expect(as.stdout).toBe('65534\n/tmp\n1\n');
    expect(engine.flotilla(['container', 'exec', '-i', 'target', 'cat'], { input: 'piped\n' }).stdout).toBe('piped\n');
    const missing = engine.flotilla(['container', 'exec', 'target', 'nope']);
    expect([missing.status, missing.stderr]).toEqual([127, 'error: exec: "nope": executable file not found in $PATH\n']);
  });

  it('gives an exec a terminal in the container with -t, relaying typed input with -it', () => {
    engine.flotilla(['container', 'run', '-d', '--name', 'shell', 'busybox', 'sleep', '300']);
    expect(engine.flotilla(['container', 'exec', '-t', 'shell', 'sh', '-c', 'tty; echo $TERM']).stdout).toBe('/dev/pts/0\r\nxterm\r\n');
    const typed = execFileSync('script', ['-qec', `${cliPath} container exec -it shell sh -c 'read x; echo got $x; stty size'`, '/dev/null'], {
      input: 'hello\n', env: { PATH: '/usr/bin:/bin', FLOTILLA_ROOT: engine.root }, encoding: 'utf8',
    });
    expect(typed).toContain('got hello');
    expect(typed).toContain('24 80');
  });

  it('refuses exec in a container that is not running', () => {
    engine.flotilla(['container', 'create', '--name', 'idle', 'busybox', 'true']);
    const result = engine.flotilla(['container', 'exec', 'idle', 'true']);
    expect([result.status, result.stderr]).toEqual([1, 'error: container idle is not running (it is created)\n']);
  });

  it('reaps orphaned zombies and forwards the stop signal with --init, not without', async () => {
    const orphan = ['sh', '-c', '(sleep 0.2 &); exec sleep 300'];
    engine.flotilla(['container', 'run', '-d', '--name', 'plain', 'busybox', ...orphan]);
    engine.flotilla(['container', 'run', '-d', '--init', '--name', 'tini', 'busybox', ...orphan]);
    const states = (name: string) => engine.flotilla(['container', 'exec', name, 'ps', '-o', 'stat,comm']).stdout;
    await eventually(() => expect(states('plain')).toMatch(/\nZ\s+sleep\n/));
    await eventually(() => expect(states('tini')).toMatch(/^STAT COMMAND\nS\s+docker-init\nS\s+sleep\nR\s+ps\n$/));
    engine.flotilla(['container', 'stop', 'tini']);
    // sleep dies of the SIGTERM docker-init passes on: 128 + 15, as with Docker's init.
    expect(JSON.parse(engine.flotilla(['container', 'inspect', 'tini']).stdout)[0].State.ExitCode).toBe(143);
  });
});

describe('third-party images', () => {
  it('runs an image repacked by umoci the same as the original', () => {
    const layout = join(engine.root, '..', 'umoci-layout');
    const bundle = join(engine.root, '..', 'umoci-bundle');
    execFileSync('skopeo', ['copy', '-q', `oci-archive:${(buildBusybox as () => string)()}`, `oci:${layout}:base`]);
    // umoci writes a new layer, config and manifest: an image Flotilla did not make.
    execFileSync('umoci', ['unpack', '--image', `${layout}:base`, bundle]);
    writeFileSync(join(bundle, 'rootfs/etc/marker'), 'made-by-umoci\n');
    execFileSync('umoci', ['repack', '--image', `${layout}:remade`, bundle]);
    execFileSync('umoci', ['config', '--image', `${layout}:remade`, '--config.cmd', 'cat', '--config.cmd', '/etc/marker']);
    const archive = join(engine.root, '..', 'umoci.tar');
    execFileSync('skopeo', ['copy', '-q', `oci:${layout}:remade`, `oci-archive:${archive}:umoci/busybox:remade`]);
    expect(engine.flotilla(['image', 'load', '-i', archive]).stdout).toBe('Loaded image: umoci/busybox:remade\n');
    expect(engine.flotilla(['container', 'run', '--rm', 'umoci/busybox:remade']).stdout).toBe('made-by-umoci\n');
    const same = (image: string) => engine.flotilla(['container', 'run', '--rm', image, 'sh', '-c', 'id; ls /bin | wc -l; cat /etc/passwd']).stdout;
    expect(same('umoci/busybox:remade')).toBe(same('busybox'));
    engine.flotilla(['image', 'rm', 'umoci/busybox:remade']);
  });
});

describe('container volumes', () => {
  const volumes = () => engine.flotilla(['volume', 'ls', '-q']).stdout.split('\n').filter(Boolean);

  it('fills a new named volume from the image, keeps its data across containers, and mounts it read-only when asked', () => {
    const first = engine.flotilla(['container', 'run', '--rm', '-v', 'shared:/etc', 'busybox', 'sh', '-c', 'grep -c root /etc/passwd; echo kept > /etc/note']);
    expect(first.stdout).toBe('1\n');
    expect(readFileSync(join(engine.root, 'volumes/shared/_data/note'), 'utf8')).toBe('kept\n');
    const second = engine.flotilla(['container', 'run', '--rm', '-h', 'second', '--mount', 'type=volume,source=shared,target=/etc,readonly', 'busybox', 'sh', '-c', 'cat /etc/note /etc/hostname; touch /etc/x 2>/dev/null || echo refused']);
    // The container's own /etc/hostname goes over the volume, as with Docker.
    expect(second.stdout).toBe('kept\nsecond\nrefused\n');
    expect(engine.flotilla(['container', 'run', '--rm', '-v', 'empty:/etc:nocopy', 'busybox', 'ls', '/etc']).stdout).toBe('hostname\nhosts\nresolv.conf\n');
    for (const name of ['shared', 'empty']) expect(engine.flotilla(['volume', 'rm', name]).status).toBe(0);
  });

  it('gives each path of the image\'s VOLUME list an anonymous volume filled from the image', () => {
    const [layer] = JSON.parse(engine.flotilla(['image', 'inspect', 'busybox']).stdout)[0].RootFS.Layers;
    const tarball = join(engine.root, '..', 'rootfs.tar');
    execFileSync('tar', ['-cf', tarball, '-C', join(engine.root, 'layers/sha256', layer.slice(7)), '.']);
    expect(engine.flotilla(['image', 'import', '--change', 'VOLUME /etc', '--change', 'CMD ["sh"]', tarball, 'with-volume:1']).status).toBe(0);
    engine.flotilla(['container', 'create', '--name', 'declared', 'with-volume:1', 'grep', '-c', 'root', '/etc/passwd']);
    const [volume] = volumes();
    expect(volume).toMatch(/^[0-9a-f]{64}$/);
    expect(engine.flotilla(['container', 'start', '-a', 'declared']).stdout).toBe('1\n');
    expect(existsSync(join(engine.root, 'volumes', volume!, '_data/passwd'))).toBe(true);
    engine.flotilla(['container', 'rm', '-v', 'declared']);
    expect(volumes()).toEqual([]);
    engine.flotilla(['image', 'rm', 'with-volume:1']);
  });

  it('shares another container\'s volumes and binds with --volumes-from, read-only when asked', () => {
    const host = join(engine.root, '..', 'shared-bind');
    engine.flotilla(['container', 'create', '--name', 'owner', '-v', 'box:/box', '-v', `${host}:/bind`, 'busybox', 'true']);
    const out = engine.flotilla(['container', 'run', '--rm', '--volumes-from', 'owner:ro', 'busybox', 'sh', '-c', 'mount | grep -cE " /(box|bind) .*\\(ro,"; touch /box/x 2>/dev/null || echo refused']);
    expect(out.stdout).toBe('2\nrefused\n');
    engine.flotilla(['container', 'run', '--rm', '--volumes-from', 'owner', 'busybox', 'touch', '/box/written']);
    expect(existsSync(join(engine.root, 'volumes/box/_data/written'))).toBe(true);
    engine.flotilla(['container', 'rm', '-v', 'owner']);
    engine.flotilla(['volume', 'rm', 'box']);
  });

  it('makes anonymous volumes for -v /path, removed by rm -v and run --rm, and refuses removing a used volume', () => {
    engine.flotilla(['container', 'run', '--rm', '-v', '/scratch', 'busybox', 'touch', '/scratch/x']);
    expect(volumes()).toEqual([]);
    engine.flotilla(['container', 'create', '--name', 'keeper', '-v', '/scratch', '-v', 'named:/named', 'busybox', 'true']);
    const anonymous = volumes().find((v) => v !== 'named')!;
    expect(anonymous).toMatch(/^[0-9a-f]{64}$/);
    const refused = engine.flotilla(['volume', 'rm', 'named']);
    expect([refused.status, refused.stderr]).toEqual([1, 'error: volume named is in use by container keeper: remove the container first\n']);
    engine.flotilla(['container', 'rm', '-v', 'keeper']);
    expect(volumes()).toEqual(['named']);
    engine.flotilla(['volume', 'rm', 'named']);
  });
});

describe('container cp', () => {
  it('copies a tree into a stopped container and back out, links and modes kept', () => {
    const dir = join(engine.root, '..', 'cp-src');
    execFileSync('sh', ['-c', `mkdir -p ${dir}/sub && echo hi > ${dir}/a && chmod 640 ${dir}/a && ln -s a ${dir}/link && echo deep > ${dir}/sub/b`]);
    engine.flotilla(['container', 'create', '--name', 'files', 'busybox', 'sh']);
    expect(engine.flotilla(['container', 'cp', dir, 'files:/data']).status).toBe(0);
    const out = join(engine.root, '..', 'cp-out');
    expect(engine.flotilla(['container', 'cp', 'files:/data', out]).status).toBe(0);
    expect(readFileSync(join(out, 'sub/b'), 'utf8')).toBe('deep\n');
    expect(execFileSync('stat', ['-c', '%a %N', join(out, 'a'), join(out, 'link')]).toString()).toBe(`640 '${out}/a'\n777 '${out}/link' -> 'a'\n`);
  });

  it('resolves paths inside the container: a symlink to /etc there is the container\'s /etc, never the host\'s', async () => {
    engine.flotilla(['container', 'run', '-d', '--name', 'linker', 'busybox', 'sh', '-c', 'ln -s /etc /tmp/evil; exec sleep 300']);
    const copy = join(engine.root, '..', 'hostname-copy');
    await eventually(() => expect(engine.flotilla(['container', 'cp', 'linker:/tmp/evil/hostname', copy]).status).toBe(0));
    const [info] = JSON.parse(engine.flotilla(['container', 'inspect', 'linker']).stdout);
    expect(readFileSync(copy, 'utf8')).toBe(`${info.Config.Hostname}\n`);
    const missing = engine.flotilla(['container', 'cp', 'linker:/nope', copy]);
    expect([missing.status, missing.stderr]).toEqual([1, 'error: no such file or directory in the container: /nope\n']);
  });
});

describe('container healthcheck', () => {
  it('goes from starting to unhealthy after the retries, then healthy once the test passes', async () => {
    engine.flotilla(['container', 'run', '-d', '--name', 'checked', '--health-cmd', 'test -e /tmp/ok && echo fine', '--health-interval', '100ms', '--health-retries', '2', 'busybox', 'sleep', '300']);
    const health = () => JSON.parse(engine.flotilla(['container', 'inspect', 'checked']).stdout)[0].State.Health;
    expect(['starting', 'unhealthy']).toContain(health().Status);
    await eventually(() => expect(health()).toMatchObject({ Status: 'unhealthy', FailingStreak: expect.any(Number) }));
    expect(health().FailingStreak).toBeGreaterThanOrEqual(2);
    expect(engine.flotilla(['container', 'ls']).stdout).toContain('(unhealthy)');
    engine.flotilla(['container', 'exec', 'checked', 'touch', '/tmp/ok']);
    await eventually(() => expect(health()).toMatchObject({ Status: 'healthy', FailingStreak: 0 }));
    expect(health().Log.at(-1)).toMatchObject({ ExitCode: 0, Output: 'fine\n' });
    expect(health().Log.length).toBeLessThanOrEqual(5);
  });

  it('kills a test that exceeds its timeout, with the test\'s processes', async () => {
    engine.flotilla(['container', 'run', '-d', '--name', 'slowcheck', '--health-cmd', 'sleep 30', '--health-timeout', '200ms', '--health-interval', '100ms', '--health-retries', '1', 'busybox', 'sleep', '300']);
    await eventually(() => {
      const health = JSON.parse(engine.flotilla(['container', 'inspect', 'slowcheck']).stdout)[0].State.Health;
      expect(health.Status).toBe('unhealthy');
      expect(health.Log[0]).toMatchObject({ ExitCode: -1, Output: 'Health check exceeded timeout (200ms)' });
    });
    // Only PID 1 and the ps: every timed-out `sleep 30` died with its runner.
    await eventually(() => expect(engine.flotilla(['container', 'exec', 'slowcheck', 'ps', '-o', 'comm']).stdout).toBe('COMMAND\nsleep\nps\n'));
  });
});

describe('container resources', () => {
  it('reports a container killed for exceeding its memory limit as OOMKilled with 137', () => {
    const result = engine.flotilla(['container', 'run', '--name', 'hungry', '-m', '16m', 'busybox', 'sh', '-c', 'head -c 100m /dev/zero | tail']);
    expect(result.status).toBe(137);
    expect(JSON.parse(engine.flotilla(['container', 'inspect', 'hungry']).stdout)[0].State).toMatchObject({ OOMKilled: true, ExitCode: 137 });
  });

  it('enforces the pids limit', () => {
    const out = runWith(['--pids-limit', '8'], 'sh', '-c', 'for i in 1 2 3 4 5 6 7 8 9 10; do sleep 1 & done 2>&1 | grep -c "can.t fork"; true');
    expect(Number(out.stdout.trim())).toBeGreaterThan(0);
  });

  it('updates the limits of a running container at once, and its restart policy for its next end', { timeout: 60_000 }, async () => {
    engine.ok(['container', 'run', '-d', '--name', 'tuned', '--pids-limit', '8', 'busybox', 'sh', '-c', 'sleep 6; exit 3']);
    const forks = () => engine.ok(['container', 'exec', 'tuned', 'sh', '-c', 'for i in 1 2 3 4 5 6; do sleep 1 >/dev/null 2>&1 & done 2>&1 | grep -c "can.t fork"; true']).trim();
    expect(Number(forks())).toBeGreaterThan(0);
    expect(engine.ok(['container', 'update', '--pids-limit', '100', '-m', '64m', '--restart', 'on-failure:2', 'tuned'])).toBe('tuned\n');
    expect(forks()).toBe('0');
    expect(engine.ok(['container', 'inspect', '-f', '{{.HostConfig.PidsLimit}} {{.HostConfig.Memory}} {{.HostConfig.RestartPolicy.Name}}', 'tuned'])).toBe(`100 ${64 * 1024 * 1024} on-failure\n`);
    // Started with no restart policy, it now runs three times in all.
    await eventually(() => expect(engine.ok(['container', 'inspect', '-f', '{{.RestartCount}} {{.State.Status}}', 'tuned'])).toBe('2 exited\n'), 45_000);
    const none = engine.flotilla(['container', 'update', 'tuned']);
    expect([none.status, none.stderr]).toEqual([2, 'error: update needs at least one of the resource options or --restart\n']);
  });

  it('shows the container\'s processes with top and its usage with stats', () => {
    engine.flotilla(['container', 'run', '-d', '--name', 'busyloop', '-m', '64m', 'busybox', 'sh', '-c', 'while true; do :; done']);
    const top = engine.flotilla(['container', 'top', 'busyloop']).stdout.split('\n');
    expect(top[0]).toMatch(/^UID\s+PID\s+PPID/);
    expect(top.slice(1).filter(Boolean)).toEqual([expect.stringMatching(/sh -c while true; do :; done$/)]);
    const [stats] = engine.flotilla(['container', 'stats', '--no-stream', '--format', 'json', 'busyloop']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(stats).toMatchObject({ Name: 'busyloop', PIDs: '1', MemUsage: expect.stringMatching(/ \/ 64\.00MiB$/) });
    // A busy loop uses CPU; how much depends on what else the machine runs.
    expect(Number.parseFloat(stats.CPUPerc)).toBeGreaterThan(0);
  });

  it('freezes a paused container and thaws it on unpause', () => {
    engine.flotilla(['container', 'run', '-d', '--name', 'frozen', 'busybox', 'sleep', '300']);
    expect(engine.flotilla(['container', 'pause', 'frozen']).status).toBe(0);
    const [info] = JSON.parse(engine.flotilla(['container', 'inspect', 'frozen']).stdout);
    expect(info.State).toMatchObject({ Status: 'paused', Paused: true });
    expect(engine.flotilla(['container', 'ls']).stdout).toContain('(Paused)');
    expect(engine.flotilla(['container', 'unpause', 'frozen']).status).toBe(0);
    expect(JSON.parse(engine.flotilla(['container', 'inspect', 'frozen']).stdout)[0].State.Status).toBe('running');
  });
});

it('leaves no process of a removed container behind', () => {
  const id = engine.flotilla(['container', 'run', '-d', 'busybox', 'sh', '-c', 'sleep 300 & sleep 300']).stdout.trim();
  const [info] = JSON.parse(engine.flotilla(['container', 'inspect', id]).stdout);
  expect(engine.flotilla(['container', 'rm', '-f', id]).status).toBe(0);
  expect(existsSync(`/proc/${info.State.Pid}`)).toBe(false);
  expect(execFileSync('ps', ['-eo', 'args']).toString()).not.toContain(id);
});
