// The seccomp filter every container gets unless it is privileged or asks
// for none: Docker's default profile (moby's profiles/seccomp/default.json),
// a profile file in Docker's format, and the processes exec'd into a
// container. Everything is tried for real in busybox containers.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { testEngine, type TestEngine } from '../helpers/engine.js';

let engine: TestEngine;
let helpers: string;
beforeAll(() => {
  engine = testEngine();
  helpers = join(engine.root, '..', 'seccomp-helpers');
  mkdirSync(helpers, { recursive: true });
  buildThreadProbe(helpers);
});
afterEach(() => engine.removeContainers());
afterAll(() => engine.dispose());

/**
 * A static program (the image has no libc) that starts a thread, which
 * glibc tries with clone3 first and with clone once clone3 answers ENOSYS,
 * then calls clone3 itself and prints the errno it got (EINVAL, 22, from
 * the kernel for its empty arguments; ENOSYS, 38, from the filter).
 */
function buildThreadProbe(dir: string): void {
  writeFileSync(join(dir, 'threads.c'), [
    '#define _GNU_SOURCE',
    '#include <errno.h>',
    '#include <pthread.h>',
    '#include <stdio.h>',
    '#include <sys/syscall.h>',
    '#include <unistd.h>',
    'static void *work(void *arg) { return arg; }',
    'int main(void) {',
    '  pthread_t thread; void *out = NULL;',
    '  int rc = pthread_create(&thread, NULL, work, "joined");',
    '  if (rc == 0) pthread_join(thread, &out);',
    '  printf("thread %d %s\\n", rc, out ? (char *)out : "-");',
    '  long r = syscall(SYS_clone3, NULL, 0);',
    '  printf("clone3 %d\\n", r < 0 ? errno : 0);',
    '  return 0;',
    '}',
    '',
  ].join('\n'));
  execFileSync('cc', ['-static', '-O2', '-pthread', '-o', join(dir, 'threads'), join(dir, 'threads.c')]);
}

function sh(flags: string[], script: string) {
  return engine.flotilla(['container', 'run', '--rm', ...flags, 'busybox', 'sh', '-c', script]);
}

/** The Seccomp field of /proc/self/status: 0 none, 2 a filter. */
function seccompMode(flags: string[]): string {
  return sh(flags, 'grep "^Seccomp:" /proc/self/status').stdout;
}

describe('the default seccomp profile', () => {
  it('filters every container, root or not, with or without no-new-privileges', () => {
    expect(seccompMode([])).toBe('Seccomp:\t2\n');
    // Without no_new_privs the filter goes in while the container still has
    // CAP_SYS_ADMIN; with it, after the user and capabilities are set.
    expect(seccompMode(['-u', '1000'])).toBe('Seccomp:\t2\n');
    expect(seccompMode(['--security-opt', 'no-new-privileges', '-u', '1000'])).toBe('Seccomp:\t2\n');
    // The filter does not set no_new_privs by itself: setuid programs keep working as in Docker.
    expect(sh([], 'grep "^NoNewPrivs:" /proc/self/status').stdout).toBe('NoNewPrivs:\t0\n');
  });

  it('refuses new namespaces with EPERM, as Docker does', () => {
    const result = sh([], 'unshare -Urm true 2>&1; echo status=$?');
    expect(result.stdout).toMatch(/Operation not permitted\nstatus=1\n$/);
  });

  it('lets ordinary programs run: a shell, its children, threads', () => {
    const result = sh(['-v', `${helpers}:/helpers:ro`], 'true && echo $(echo substituted) && (sleep 0 & wait) && echo forked; /helpers/threads');
    expect([result.stdout, result.stderr, result.status]).toEqual(['substituted\nforked\nthread 0 joined\nclone3 38\n', '', 0]);
  });

  it('allows what a capability given with --cap-add allows: SYS_ADMIN makes unshare and clone3 pass', () => {
    const result = sh(['--cap-add', 'SYS_ADMIN', '-v', `${helpers}:/helpers:ro`], 'unshare -Urm true && echo unshared; /helpers/threads');
    expect([result.stdout, result.status]).toEqual(['unshared\nthread 0 joined\nclone3 22\n', 0]);
  });

  it('is off for a privileged container and with seccomp=unconfined', () => {
    expect(seccompMode(['--privileged'])).toBe('Seccomp:\t0\n');
    expect(seccompMode(['--security-opt', 'seccomp=unconfined'])).toBe('Seccomp:\t0\n');
    expect(sh(['--security-opt', 'seccomp=unconfined'], 'unshare -Urm true && echo unshared').stdout).toBe('unshared\n');
  });

  it('filters what is exec\'d into the container and its healthcheck, and an init', async () => {
    engine.ok(['container', 'run', '-d', '--name', 'filtered', '--init', '--health-cmd', 'grep "^Seccomp:" /proc/self/status', '--health-interval', '100ms', 'busybox', 'sleep', '300']);
    expect(engine.flotilla(['container', 'exec', 'filtered', 'grep', '^Seccomp:', '/proc/1/status']).stdout).toBe('Seccomp:\t2\n');
    expect(engine.flotilla(['container', 'exec', 'filtered', 'grep', '^Seccomp:', '/proc/self/status']).stdout).toBe('Seccomp:\t2\n');
    const unshare = engine.flotilla(['container', 'exec', 'filtered', 'unshare', '-Urm', 'true']);
    expect([unshare.status, unshare.stderr]).toEqual([1, expect.stringContaining('Operation not permitted')]);
    const health = () => JSON.parse(engine.ok(['container', 'inspect', 'filtered']))[0].State.Health;
    await eventually(() => expect(health()).toMatchObject({ Status: 'healthy' }));
    expect(health().Log.at(-1)).toMatchObject({ ExitCode: 0, Output: 'Seccomp:\t2\n' });
  });
});

describe('compiled filters', () => {
  it('are kept for the next container with the same rules, which loads the kept program', () => {
    const cacheDir = join(engine.root, 'seccomp');
    // What the tests before compiled goes: this one starts with none kept.
    rmSync(cacheDir, { recursive: true, force: true });
    expect(seccompMode([])).toBe('Seccomp:\t2\n');
    const kept = readdirSync(cacheDir).filter((name) => name.endsWith('.bpf'));
    expect(kept).toHaveLength(1);
    // Eight bytes per BPF instruction.
    expect(statSync(join(cacheDir, kept[0]!)).size % 8).toBe(0);
    // A kept program that allows everything (BPF_RET|BPF_K, SECCOMP_RET_ALLOW) is what the next container gets.
    writeFileSync(join(cacheDir, kept[0]!), Buffer.from([0x06, 0, 0, 0, 0, 0, 0xff, 0x7f]));
    expect(sh([], 'grep "^Seccomp:" /proc/self/status; unshare -Urm true && echo unshared').stdout).toBe('Seccomp:\t2\nunshared\n');
    // Other rules (SYS_ADMIN's) have a program of their own.
    expect(sh(['--cap-add', 'SYS_ADMIN'], 'true').status).toBe(0);
    expect(readdirSync(cacheDir).filter((name) => name.endsWith('.bpf'))).toHaveLength(2);
  });
});

describe('--security-opt seccomp=PROFILE.json', () => {
  it('loads a profile in Docker\'s format: its default action, its rules and their errno', () => {
    const profile = join(helpers, 'no-mkdir.json');
    writeFileSync(profile, JSON.stringify({
      defaultAction: 'SCMP_ACT_ALLOW',
      architectures: ['SCMP_ARCH_X86_64', 'SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
      syscalls: [
        { names: ['mkdir', 'mkdirat'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 },
        // Only while the capability is there: a default container has no SYS_ADMIN.
        { names: ['rmdir'], action: 'SCMP_ACT_ERRNO', includes: { caps: ['CAP_SYS_ADMIN'] } },
      ],
    }));
    const result = sh(['--security-opt', `seccomp=${profile}`], 'mkdir /tmp/x 2>&1; rmdir /nothing 2>&1; unshare -Urm true && echo unshared');
    expect(result.stdout).toBe([
      'mkdir: can\'t create directory \'/tmp/x\': Permission denied',
      'rmdir: \'/nothing\': No such file or directory',
      'unshared',
      '',
    ].join('\n'));
  });

  it('refuses a file that is not a profile, naming it', () => {
    const bad = join(helpers, 'bad.json');
    writeFileSync(bad, JSON.stringify({ defaultAction: 'SCMP_ACT_SOMETIMES' }));
    const result = engine.flotilla(['container', 'create', '--security-opt', `seccomp=${bad}`, 'busybox', 'true']);
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain(bad);
    expect(result.stderr).toContain('SCMP_ACT_SOMETIMES');
    const missing = engine.flotilla(['container', 'create', '--security-opt', `seccomp=${join(helpers, 'none.json')}`, 'busybox', 'true']);
    expect([missing.status === 0, missing.stderr]).toEqual([false, expect.stringContaining('none.json')]);
  });
});
