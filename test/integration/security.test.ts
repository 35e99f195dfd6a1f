// What a container cannot do, tried for real as root: open devices the
// cgroup does not allow, keep or regain capabilities, inherit file
// descriptors, reach the host's network, write the kernel's knobs or its own
// cgroup. containers.test.ts covers the basics (default CapEff, module
// loading, chroot escape, /proc/keys, a read-only root); this suite goes
// through the rest of Docker's defaults (moby's daemon/pkg/oci/defaults.go).
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { detectHierarchy } from '../../engine/cgroups/detect.js';
import { V1_CONTROLLERS_USED } from '../../engine/cgroups/setup.js';
import { testEngine, type TestEngine } from '../helpers/engine.js';
import { cliPath } from '../helpers/scenario.js';

let engine: TestEngine;
let scratch: string;
beforeAll(() => {
  engine = testEngine();
  scratch = join(engine.root, '..');
});
// Every test's containers go; nothing of them may remain.
afterEach(() => engine.removeContainers());
afterAll(() => engine.dispose());

/** `sh -c script` in a throwaway busybox container; the script sends its errors to stdout itself, in order. */
function sh(flags: string[], script: string) {
  return engine.flotilla(['container', 'run', '--rm', ...flags, 'busybox', 'sh', '-c', script]);
}

function lines(text: string): string[] {
  return text.split('\n').filter(Boolean);
}

/** The capability lines of /proc/self/status, by name: { CapEff: '00000000a80425fb', ... }. */
function capabilityLines(status: string): Record<string, string> {
  return Object.fromEntries([...status.matchAll(/^(Cap\w+):\t([0-9a-f]{16})$/gm)].map((m) => [m[1]!, m[2]!]));
}

function mask(bits: readonly number[]): string {
  return bits.reduce((m, bit) => m | (1n << BigInt(bit)), 0n).toString(16).padStart(16, '0');
}

/** The five sets with `value` as bounding, permitted and effective, and nothing inheritable or ambient. */
function sets(value: string) {
  const none = '0000000000000000';
  return { CapInh: none, CapPrm: value, CapEff: value, CapBnd: value, CapAmb: none };
}

// Docker's 14 (moby daemon/pkg/oci/caps/defaults.go), by number from <linux/capability.h>:
// CHOWN 0, DAC_OVERRIDE 1, FOWNER 3, FSETID 4, KILL 5, SETGID 6, SETUID 7, SETPCAP 8,
// NET_BIND_SERVICE 10, NET_RAW 13, SYS_CHROOT 18, MKNOD 27, AUDIT_WRITE 29, SETFCAP 31.
const DOCKER_CAPABILITIES = [0, 1, 3, 4, 5, 6, 7, 8, 10, 13, 18, 27, 29, 31];
const NET_ADMIN = 12;
const LAST_CAP = Number(readFileSync('/proc/sys/kernel/cap_last_cap', 'utf8'));
const EVERY_CAPABILITY = Array.from({ length: LAST_CAP + 1 }, (_, i) => i);
/** What the engine itself holds (it runs with this process's capabilities): all a privileged container can get. */
const ENGINE_BOUNDING = mask(EVERY_CAPABILITY.filter((bit) => (BigInt(`0x${capabilityLines(readFileSync('/proc/self/status', 'utf8')).CapBnd}`) >> BigInt(bit)) & 1n));

// Docker's lists (moby daemon/pkg/oci/defaults.go), checked where this kernel has the path.
const DOCKER_MASKED = [
  '/proc/acpi', '/proc/asound', '/proc/interrupts', '/proc/kcore', '/proc/keys', '/proc/latency_stats', '/proc/sched_debug',
  '/proc/scsi', '/proc/timer_list', '/proc/timer_stats', '/sys/devices/virtual/powercap', '/sys/firmware',
  ...safeList('/sys/devices/system/cpu').filter((c) => /^cpu\d+$/.test(c)).map((c) => `/sys/devices/system/cpu/${c}/thermal_throttle`),
];
const DOCKER_READONLY = ['/proc/bus', '/proc/fs', '/proc/irq', '/proc/sys', '/proc/sysrq-trigger'];

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

/** A block device root on this host can open, as "major minor": in a container only the cgroup may refuse it. */
function openableBlockDevice(): string | undefined {
  for (const id of safeList('/sys/dev/block')) {
    const name = /^DEVNAME=(.+)$/m.exec(readFileSync(`/sys/dev/block/${id}/uevent`, 'utf8'))?.[1];
    try {
      closeSync(openSync(`/dev/${name}`, 'r'));
      return id.replace(':', ' ');
    } catch {
      // refused or absent on the host too: no use here
    }
  }
  return undefined;
}

/** Runs the CLI with the given stdio (a host file as stdin or stdout). */
function flotillaWithStdio(args: string[], stdio: [number | 'ignore', number | 'pipe', 'pipe']) {
  return spawnSync(cliPath, args, { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', FLOTILLA_ROOT: engine.root }, encoding: 'utf8', stdio });
}

describe('device cgroup', () => {
  const EPERM = 'Operation not permitted';

  it('lets root mknod any device but open only Docker\'s default ones, in run and exec', ({ skip }) => {
    skip(!existsSync('/sys/fs/cgroup/devices'), 'no cgroup v1 devices controller: the engine drops MKNOD instead of filtering');
    const script = [
      'mknod /tmp/sda b 8 0 && echo mknod=ok',
      'head -c1 /tmp/sda 2>&1',
      // /dev/mem and /dev/kmsg: char devices outside the list (kmsg exists on every kernel).
      'mknod /tmp/mem c 1 1; head -c1 /tmp/mem 2>&1',
      'mknod /tmp/kmsg c 1 11; (true < /tmp/kmsg) 2>&1',
      // The list goes by number, not by path: a node of its own for 1:3 works.
      'mknod /tmp/null2 c 1 3; echo x > /tmp/null2 && echo null2=ok',
      'head -c4 /dev/zero | wc -c; head -c4 /dev/urandom | wc -c; head -c4 /dev/random | wc -c',
      'echo x > /dev/null && echo null=ok',
      '(echo x > /dev/full) 2>&1',
      // Allowed, but without a terminal there is none to open: ENXIO, not the cgroup's EPERM.
      '(echo x > /dev/tty) 2>&1',
    ].join('; ');
    expect(lines(sh(['--cap-add', 'MKNOD'], script).stdout).map((l) => l.trim())).toEqual([
      'mknod=ok',
      `head: /tmp/sda: ${EPERM}`,
      `head: /tmp/mem: ${EPERM}`,
      `sh: can't open /tmp/kmsg: ${EPERM}`,
      'null2=ok',
      '4', '4', '4',
      'null=ok',
      'sh: write error: No space left on device',
      'sh: can\'t create /dev/tty: No such device or address',
    ]);
    const disk = openableBlockDevice();
    if (disk) expect(sh([], `mknod /tmp/disk b ${disk}; (true < /tmp/disk) 2>&1`).stdout).toBe(`sh: can't open /tmp/disk: ${EPERM}\n`);
    // With a terminal /dev/tty is the container's own.
    expect(sh(['-t'], 'echo hi > /dev/tty').stdout).toBe('hi\r\n');
    // A process exec'd into the container is in the same device cgroup.
    engine.flotilla(['container', 'run', '-d', '--name', 'filtered', 'busybox', 'sleep', '300']);
    expect(engine.flotilla(['container', 'exec', 'filtered', 'sh', '-c', 'mknod /tmp/sda b 8 0; head -c1 /tmp/sda 2>&1']).stdout).toBe(`head: /tmp/sda: ${EPERM}\n`);
    // Without MKNOD there is no node to open in the first place.
    expect(sh(['--cap-drop', 'MKNOD'], 'mknod /tmp/sda b 8 0 2>&1').stdout).toBe(`mknod: /tmp/sda: ${EPERM}\n`);
  });

  it('gives a --device node at the path asked, to open only as its permissions say', ({ skip }) => {
    skip(!existsSync('/sys/fs/cgroup/devices'), 'no cgroup v1 devices controller');
    skip(!existsSync('/dev/fuse'), 'this host has no /dev/fuse');
    // 10:229 is not in the default list.
    expect(sh([], 'mknod /tmp/f c 10 229; (exec 3<>/tmp/f) 2>&1').stdout).toBe(`sh: can't create /tmp/f: ${EPERM}\n`);
    expect(sh(['--device', '/dev/fuse'], 'exec 3<>/dev/fuse && echo opened').stdout).toBe('opened\n');
    expect(sh(['--device', '/dev/fuse:/dev/sub/fuse:r'], 'exec 3</dev/sub/fuse && echo read; (exec 4<>/dev/sub/fuse) 2>&1').stdout).toBe(`read\nsh: can't create /dev/sub/fuse: ${EPERM}\n`);
    const notDevice = engine.flotilla(['container', 'run', '--rm', '--device', '/etc/hostname', 'busybox', 'true']);
    expect([notDevice.status, notDevice.stderr]).toEqual([125, 'error: device /etc/hostname: not a device node\n']);
  });
});

describe('privileges', () => {
  it('keeps Docker\'s 14 capabilities as bounding, permitted and effective sets, with nothing inheritable or ambient', () => {
    const status = (flags: string[]) => capabilityLines(sh(flags, 'cat /proc/self/status').stdout);
    const docker = mask(DOCKER_CAPABILITIES);
    expect(docker).toBe('00000000a80425fb');
    expect(status([])).toEqual(sets(docker));
    expect(status(['--cap-drop', 'ALL'])).toEqual(sets('0000000000000000'));
    expect(status(['--cap-add', 'NET_ADMIN'])).toEqual(sets(mask([...DOCKER_CAPABILITIES, NET_ADMIN])));
    // A user other than root keeps the bounding set only: nothing to use, nothing passed on.
    expect(status(['-u', '1000'])).toEqual({ ...sets('0000000000000000'), CapBnd: docker });
    // The added capability is real: changing an interface needs it.
    expect(sh([], 'ip link set lo mtu 1280 2>&1').stdout).toBe('ip: SIOCSIFMTU: Operation not permitted\n');
    expect(sh(['--cap-add', 'NET_ADMIN'], 'ip link set lo mtu 1280 && cat /sys/class/net/lo/mtu').stdout).toBe('1280\n');
  });

  it('sets no_new_privs only when asked (Docker\'s default), with the seccomp filter either way', () => {
    const field = (flags: string[]) => sh(flags, 'grep -E "^(NoNewPrivs|Seccomp):" /proc/self/status').stdout;
    expect(field([])).toBe('NoNewPrivs:\t0\nSeccomp:\t2\n');
    expect(field(['--security-opt', 'no-new-privileges'])).toBe('NoNewPrivs:\t1\nSeccomp:\t2\n');
    expect(field(['--security-opt', 'no-new-privileges:true', '-u', '1000'])).toBe('NoNewPrivs:\t1\nSeccomp:\t2\n');
    // What is exec'd into such a container gets it too.
    engine.flotilla(['container', 'run', '-d', '--name', 'nnp', '--security-opt', 'no-new-privileges', 'busybox', 'sleep', '300']);
    expect(engine.flotilla(['container', 'exec', 'nnp', 'grep', 'NoNewPrivs', '/proc/self/status']).stdout).toBe('NoNewPrivs:\t1\n');
  });

  it('stops a setuid-root program from raising a user to root only with no-new-privileges', ({ skip }) => {
    const dir = join(scratch, 'setuid');
    mkdirSync(dir, { recursive: true });
    skip(/\bnosuid\b/.test(execFileSync('findmnt', ['-no', 'OPTIONS', '-T', dir], { encoding: 'utf8' })), `${dir} is on a nosuid mount`);
    writeFileSync(join(dir, 'euid.c'), '#include <stdio.h>\n#include <unistd.h>\nint main(void) { printf("%d\\n", (int)geteuid()); return 0; }\n');
    // Static: the image has no libc for it.
    execFileSync('cc', ['-static', '-O2', '-o', join(dir, 'euid'), join(dir, 'euid.c')]);
    chmodSync(join(dir, 'euid'), 0o4755);
    const euid = (flags: string[]) => engine.flotilla(['container', 'run', '--rm', '-u', '1000', '-v', `${dir}:/helper:ro`, ...flags, 'busybox', '/helper/euid']).stdout;
    expect(euid([])).toBe('0\n');
    expect(euid(['--security-opt', 'no-new-privileges'])).toBe('1000\n');
  });

  it('gives a privileged container every capability the engine holds, every device, and no masks', () => {
    const out = sh(['--privileged'], [
      'cat /proc/self/status',
      'mknod /tmp/kmsg c 1 11; (true < /tmp/kmsg) 2>&1 && echo kmsg=open',
      // No such disk here, most likely: any error but the cgroup's EPERM will do.
      'mknod /tmp/sda b 8 0; (true < /tmp/sda) 2>&1 | grep -c "Operation not permitted"',
      'head -c1 /proc/timer_list | wc -c',
      // Read-only even here, like /sys (Docker would make both writable).
      'touch /sys/fs/cgroup/x 2>&1',
    ].join('; '));
    expect(out.stderr).toBe('');
    expect(capabilityLines(out.stdout)).toEqual(sets(ENGINE_BOUNDING));
    expect(lines(out.stdout).filter((l) => !l.includes(':\t')).map((l) => l.trim())).toEqual([
      'kmsg=open', '0', '1', 'touch: /sys/fs/cgroup/x: Read-only file system',
    ]);
    const disk = openableBlockDevice();
    if (disk) expect(sh(['--privileged'], `mknod /tmp/disk b ${disk}; (true < /tmp/disk) 2>&1 && echo opened`).stdout).toBe('opened\n');
  });

  it('cannot regain capabilities through a new user namespace, even without seccomp', ({ skip }) => {
    skip(sh([], 'command -v unshare').status !== 0, 'busybox without unshare');
    // The default seccomp profile refuses unshare (seccomp.test.ts); without
    // it the kernel lets root create a user namespace and be "root" in it.
    // Those capabilities count only for what that namespace owns: nothing of
    // the container's (its mounts, host name, devices).
    const unconfined = ['--security-opt', 'seccomp=unconfined'];
    const inUserNs = lines(sh(unconfined, 'unshare -r sh -c "grep CapEff /proc/self/status; hostname evil; mount -t tmpfs none /tmp; mknod /tmp/m c 1 1; echo 1 > /proc/sys/kernel/hostname" 2>&1').stdout);
    expect(inUserNs).toEqual([
      `CapEff:\t${mask(EVERY_CAPABILITY)}`,
      'hostname: sethostname: Operation not permitted',
      'mount: permission denied (are you root?)',
      'mknod: /tmp/m: Operation not permitted',
      'sh: can\'t create /proc/sys/kernel/hostname: Read-only file system',
    ]);
    // With a mount namespace of its own the inherited mounts stay locked: no
    // unmasking /proc, no writable /sys or /sys/fs/cgroup.
    const inMountNs = lines(sh(unconfined, 'unshare -rm sh -c "mount -o remount,rw /sys; umount /proc/keys; umount /proc/sys; umount /sys/fs/cgroup; touch /sys/fs/cgroup/x" 2>&1').stdout);
    expect(inMountNs).toEqual([
      'mount: permission denied (are you root?)',
      'umount: can\'t unmount /proc/keys: Invalid argument',
      'umount: can\'t unmount /proc/sys: Invalid argument',
      'umount: can\'t unmount /sys/fs/cgroup: Invalid argument',
      'touch: /sys/fs/cgroup/x: Read-only file system',
    ]);
    // Other namespaces, or joining one, need CAP_SYS_ADMIN.
    expect(lines(sh(unconfined, 'unshare -m true 2>&1; unshare -n true 2>&1; nsenter -t 1 -n true 2>&1').stdout)).toEqual([
      'unshare: unshare(0x20000): Operation not permitted',
      'unshare: unshare(0x40000000): Operation not permitted',
      'nsenter: setns(): can\'t reassociate to namespace \'net\': Operation not permitted',
    ]);
  });
});

describe('file descriptors', () => {
  /** fd number → what it points to, from `ls -l /proc/PID/fd`. */
  function fdTable(listing: string): Record<string, string> {
    return Object.fromEntries([...listing.matchAll(/ (\d+) -> (.*)$/gm)].map((m) => [m[1]!, m[2]!]));
  }

  it('starts PID 1 and exec\'d processes with stdin, stdout and stderr only', () => {
    // sh is PID 1 and forks ls (two commands), so the listing is PID 1's table, not ls's own.
    const out = sh([], 'ls -l /proc/1/fd; echo; stat -L -c %t:%T /proc/1/fd/0').stdout.split('\n\n');
    const table = fdTable(out[0]!);
    expect(Object.keys(table)).toEqual(['0', '1', '2']);
    expect([table['1'], table['2']]).toEqual([expect.stringMatching(/^pipe:\[\d+\]$/), expect.stringMatching(/^pipe:\[\d+\]$/)]);
    expect(out[1]).toBe('1:3\n'); // a null device
    engine.flotilla(['container', 'run', '-d', '--name', 'fds', 'busybox', 'sleep', '300']);
    const exec = engine.flotilla(['container', 'exec', 'fds', 'sh', '-c', 'ls -l /proc/$$/fd; ls /proc/1/fd; true']).stdout;
    expect(Object.keys(fdTable(exec))).toEqual(['0', '1', '2']);
    expect(exec.split('\n').slice(-4)).toEqual(['0', '1', '2', '']);
  });

  it('gives the container none of the host\'s files as its stdio', () => {
    // Through /proc/PID/fd/N a process reaches the file behind its fd itself:
    // root in the container (CAP_FOWNER) could chmod it, on the host.
    const input = join(scratch, 'stdin-file');
    writeFileSync(input, 'data\n');
    chmodSync(input, 0o644);
    const fd = openSync(input, 'r');
    const piped = flotillaWithStdio(['container', 'run', '--rm', '-i', 'busybox', 'sh', '-c', 'cat; chmod 4777 /proc/1/fd/0 2>/dev/null; true'], [fd, 'pipe', 'pipe']);
    closeSync(fd);
    expect(piped.stdout).toBe('data\n');
    expect((statSync(input).mode & 0o7777).toString(8)).toBe('644');
    engine.flotilla(['container', 'run', '-d', '--name', 'writer', 'busybox', 'sleep', '300']);
    const output = join(scratch, 'exec-output');
    const out = openSync(output, 'w', 0o644);
    flotillaWithStdio(['container', 'exec', 'writer', 'sh', '-c', 'echo written; chmod 4777 /proc/$$/fd/1 2>/dev/null; true'], ['ignore', out, 'pipe']);
    closeSync(out);
    expect(readFileSync(output, 'utf8')).toBe('written\n');
    expect((statSync(output).mode & 0o7777).toString(8)).toBe('644');
    // Without -i stdin is the container's own /dev/null, not the host's device node.
    const [stdin, devNull] = lines(sh([], 'stat -L -c %d:%i /proc/1/fd/0 /dev/null').stdout);
    expect(stdin).toBe(devNull);
  });
});

describe('network namespace', () => {
  function interfaces(procNetDev: string): string[] {
    return procNetDev.split('\n').slice(2).map((l) => l.split(':')[0]!.trim()).filter(Boolean).sort();
  }

  it('shares the host\'s network namespace only with --network host', () => {
    const before = interfaces(readFileSync('/proc/net/dev', 'utf8'));
    const host = sh(['--network', 'host'], 'readlink /proc/self/ns/net; cat /proc/net/dev; ip link set lo mtu 1280 2>&1').stdout.split('\n');
    const after = interfaces(readFileSync('/proc/net/dev', 'utf8'));
    expect(host[0]).toBe(readlinkSync('/proc/self/ns/net'));
    // Interfaces may come and go meanwhile (other networks): those there throughout must be seen.
    expect(interfaces(host.slice(1).join('\n'))).toEqual(expect.arrayContaining(before.filter((n) => after.includes(n))));
    // The host's interfaces, but not the right to change them (no NET_ADMIN).
    expect(host.at(-2)).toBe('ip: SIOCSIFMTU: Operation not permitted');
    // The host's sysfs is bound there, but none of what the host mounts below it (securityfs, debugfs, bpf).
    const sysMounts = sh(['--network', 'host'], 'cut -d" " -f5 /proc/self/mountinfo').stdout.split('\n').filter((p) => p.startsWith('/sys/'));
    expect(sysMounts.filter((p) => !p.startsWith('/sys/fs/cgroup') && p !== '/sys/firmware' && p !== '/sys/devices/virtual/powercap')).toEqual([]);
    const none = sh(['--network', 'none'], 'readlink /proc/self/ns/net; cat /proc/net/dev').stdout.split('\n');
    expect(none[0]).toMatch(/^net:\[\d+\]$/);
    expect(none[0]).not.toBe(readlinkSync('/proc/self/ns/net'));
    expect(interfaces(none.slice(1).join('\n'))).toEqual(['lo']);
  });
});

describe('process, IPC and UTS namespaces', () => {
  const own = (kind: string) => readlinkSync(`/proc/self/ns/${kind}`);

  it('are the container\'s own unless --pid, --ipc or --uts host ask for the host\'s', () => {
    const links = (flags: string[]) => sh(flags, 'for n in pid ipc uts; do readlink /proc/self/ns/$n; done; hostname').stdout.trim().split('\n');
    const [pid, ipc, uts, name] = links([]);
    expect([pid, ipc, uts].map((link) => link === own(link!.split(':')[0]!))).toEqual([false, false, false]);
    expect(name).not.toBe(hostname());
    expect(links(['--pid', 'host', '--ipc', 'host', '--uts', 'host'])).toEqual([own('pid'), own('ipc'), own('uts'), hostname()]);
    // One at a time.
    expect(links(['--ipc', 'host']).slice(0, 3).map((link) => link === own(link.split(':')[0]!))).toEqual([false, true, false]);
  });

  it('with --pid host sees the host\'s processes, and what it leaves running ends with it', () => {
    const seen = sh(['--pid', 'host'], `test -d /proc/${process.pid} && echo sees-us; cat /proc/1/comm`).stdout.trim().split('\n');
    expect(seen).toEqual(['sees-us', readFileSync('/proc/1/comm', 'utf8').trim()]);
    const marker = `${process.pid}${Date.now() % 100000}`;
    const id = engine.ok(['container', 'run', '-d', '--pid', 'host', 'busybox', 'sh', '-c', `sleep ${marker} & sleep 0.2`]).trim();
    expect(engine.ok(['container', 'wait', id]).trim()).toBe('0');
    const left = spawnSync('pgrep', ['-f', `sleep ${marker}`], { encoding: 'utf8' }).stdout.trim();
    expect(left).toBe('');
  });

  it('with --pid container:NAME shares that container\'s processes while it runs', () => {
    engine.ok(['container', 'run', '-d', '--name', 'pid-owner', 'busybox', 'sleep', '300']);
    const joined = sh(['--pid', 'container:pid-owner'], 'cat /proc/1/cmdline | tr "\\0" " "; echo; readlink /proc/self/ns/pid').stdout.split('\n');
    expect(joined[0]).toBe('sleep 300 ');
    expect(joined[1]).toBe(engine.ok(['container', 'exec', 'pid-owner', 'readlink', '/proc/self/ns/pid']).trim());
    engine.ok(['container', 'stop', '-t', '0', 'pid-owner']);
    const stopped = engine.flotilla(['container', 'run', '--rm', '--pid', 'container:pid-owner', 'busybox', 'true']);
    expect([stopped.status, stopped.stderr]).toEqual([125, 'error: cannot join the pid namespace of container pid-owner: it is not running\n']);
  });

  it('with --ipc host shares the host\'s /dev/shm', () => {
    const name = `flotilla-ipc-${process.pid}`;
    writeFileSync(`/dev/shm/${name}`, 'from the host');
    try {
      expect(sh(['--ipc', 'host'], `cat /dev/shm/${name}`).stdout).toBe('from the host');
      expect(sh([], `cat /dev/shm/${name} 2>&1`).stdout).toMatch(/No such file/);
    } finally {
      rmSync(`/dev/shm/${name}`, { force: true });
    }
  });
});

describe('kernel interfaces', () => {
  it('masks every path Docker masks that this kernel has', () => {
    const present = DOCKER_MASKED.filter((p) => existsSync(p));
    expect(present.length).toBeGreaterThan(0);
    // Errors count as output: an unmasked file that cannot be read must not pass for an empty one.
    const script = present.map((p) => (statSync(p).isDirectory() ? `echo "${p} $(ls -A ${p} 2>&1 | wc -l)"` : `echo "${p} $(cat ${p} 2>&1 | wc -c)"`)).join('; ');
    expect(lines(sh([], script).stdout).map((l) => l.replace(/\s+/g, ' '))).toEqual(present.map((p) => `${p} 0`));
  });

  it('keeps Docker\'s read-only paths and the classic escape files read-only, and refuses mounts', () => {
    const readonly = DOCKER_READONLY.filter((p) => existsSync(p));
    const mounts = lines(sh([], 'cat /proc/self/mountinfo').stdout).map((l) => l.split(' '));
    // The last mount on a path is the one in effect.
    for (const path of readonly) expect(mounts.filter((m) => m[4] === path).at(-1)?.[5]).toMatch(/^ro,/);
    // One file in each read-only directory, plus what an escape would write:
    // core_pattern and uevent_helper run a program on the host. Opened for
    // appending and nothing written, should one of them ever be writable.
    const firstFile = (dir: string) => spawnSync('find', [dir, '-type', 'f'], { encoding: 'utf8' }).stdout.split('\n')[0];
    const targets = [
      ...readonly.map((p) => (statSync(p).isDirectory() ? firstFile(p) : p)).filter((f): f is string => !!f && !f.startsWith('/proc/sys/')),
      '/proc/sys/kernel/core_pattern', '/proc/sys/kernel/hostname', '/proc/sys/vm/drop_caches',
      ...['/sys/kernel/uevent_helper', '/sys/kernel/mm/transparent_hugepage/enabled'].filter((f) => existsSync(f)),
      '/sys/new-file',
    ];
    const writes = lines(sh([], targets.map((f) => `(true >> ${f}) 2>&1`).join('; ')).stdout);
    expect(writes).toEqual(targets.map((f) => `sh: can't create ${f}: Read-only file system`));
    const refused = 'mount: permission denied (are you root?)';
    expect(lines(sh([], 'mount -t proc proc /tmp 2>&1; mount -t sysfs sysfs /tmp 2>&1; mount -o remount,rw /sys 2>&1; mount -o remount,rw /proc/sys 2>&1; mount -o bind /bin /tmp 2>&1; umount /proc/keys 2>&1; umount /sys/fs/cgroup 2>&1').stdout)).toEqual([
      refused, refused, refused, refused, refused,
      'umount: can\'t unmount /proc/keys: Operation not permitted',
      'umount: can\'t unmount /sys/fs/cgroup: Operation not permitted',
    ]);
  });
});

describe('/sys/fs/cgroup', () => {
  it('shows the container its own cgroups, read-only', () => {
    const hierarchy = detectHierarchy();
    const flags = ['-m', '32m', '--pids-limit', '50'];
    if (hierarchy.version === 2) {
      const out = sh(flags, 'cat /sys/fs/cgroup/pids.max /sys/fs/cgroup/memory.max; grep -cx 1 /sys/fs/cgroup/cgroup.procs; grep " /sys/fs/cgroup " /proc/self/mountinfo | cut -d" " -f6; touch /sys/fs/cgroup/x 2>&1').stdout;
      expect(out).toBe(`50\n${32 * 1024 * 1024}\n1\nro,nosuid,nodev,noexec,relatime\ntouch: /sys/fs/cgroup/x: Read-only file system\n`);
      return;
    }
    // One directory per hierarchy the engine uses, named as on the host; co-mounted ones also by each name.
    const names = [...new Set(V1_CONTROLLERS_USED.flatMap((c) => {
      const mount = hierarchy.controllers.get(c);
      return mount === undefined ? [] : [basename(mount), ...(basename(mount).includes(',') ? basename(mount).split(',') : [])];
    }))].sort();
    const script = [
      'ls /sys/fs/cgroup',
      'echo',
      // The container's own values and processes, not the host's root cgroup.
      'cat /sys/fs/cgroup/memory/memory.limit_in_bytes /sys/fs/cgroup/pids/pids.max',
      'grep -cx 1 /sys/fs/cgroup/pids/cgroup.procs',
      // release_agent (the v1 escape) lives at a hierarchy's root only, which is not shown.
      'ls /sys/fs/cgroup/*/release_agent 2>/dev/null | wc -l',
      'grep -cE " /sys/fs/cgroup(/[^ ]*)? ro," /proc/self/mountinfo',
      'grep -cE " /sys/fs/cgroup(/[^ ]*)? rw," /proc/self/mountinfo',
      'touch /sys/fs/cgroup/x 2>&1',
      '(echo 100 > /sys/fs/cgroup/pids/pids.max) 2>&1',
      'mkdir /sys/fs/cgroup/memory/child 2>&1',
      '(echo 1 > /sys/fs/cgroup/memory/notify_on_release) 2>&1',
    ].join('; ');
    const [listing, rest] = sh(flags, script).stdout.split('\n\n');
    expect(lines(listing!)).toEqual(names);
    expect(lines(rest!).map((l) => l.trim())).toEqual([
      String(32 * 1024 * 1024), '50', '1', '0',
      // the tmpfs and one bind per directory (links are not mounts)
      String(1 + new Set(V1_CONTROLLERS_USED.flatMap((c) => hierarchy.controllers.get(c) ?? [])).size),
      '0',
      'touch: /sys/fs/cgroup/x: Read-only file system',
      'sh: can\'t create /sys/fs/cgroup/pids/pids.max: Read-only file system',
      'mkdir: can\'t create directory \'/sys/fs/cgroup/memory/child\': Read-only file system',
      'sh: can\'t create /sys/fs/cgroup/memory/notify_on_release: Read-only file system',
    ]);
  });
});

describe('users', () => {
  it('runs as a uid:gid the image does not name, and refuses a user or group it does not have with 125', () => {
    const out = sh(['-u', '1000:1000'], 'id; grep -E "^(Uid|Gid|Groups):" /proc/self/status').stdout;
    expect(out).toBe('uid=1000 gid=1000\nUid:\t1000\t1000\t1000\t1000\nGid:\t1000\t1000\t1000\t1000\nGroups:\t \n');
    const user = engine.flotilla(['container', 'run', '--rm', '--name', 'nouser', '-u', 'nosuchuser', 'busybox', 'true']);
    expect([user.status, user.stdout, user.stderr]).toEqual([125, '', 'error: cannot start container nouser: unable to find user nosuchuser: no matching entries in passwd file\n']);
    const group = engine.flotilla(['container', 'run', '--rm', '--name', 'nogroup', '-u', '1000:nosuchgroup', 'busybox', 'true']);
    expect([group.status, group.stderr]).toEqual([125, 'error: cannot start container nogroup: unable to find group nosuchgroup: no matching entries in group file\n']);
  });
});
