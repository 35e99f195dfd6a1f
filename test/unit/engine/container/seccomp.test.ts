import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CAPABILITIES, DEFAULT_CAPABILITIES } from '../../../../engine/container/defaults.js';
import { defaultSeccompProfile } from '../../../../engine/container/seccomp/default-profile.js';
import { parseSeccompProfile } from '../../../../engine/container/seccomp/profile.js';
import { containerSeccomp, resolveSeccomp, seccompRecords, type ResolvedSeccomp, type SeccompHost } from '../../../../engine/container/seccomp/resolve.js';
import { seccompSecurityOption } from '../../../../engine/container/seccomp/security-option.js';

const amd64: SeccompHost = { arch: 'amd64', nativeArch: 'SCMP_ARCH_X86_64', kernel: [6, 1] };
const dockerCaps = DEFAULT_CAPABILITIES.map((name) => CAPABILITIES[name]!);
const withCaps = (...names: string[]) => [...dockerCaps, ...names.map((name) => CAPABILITIES[name]!)];

/** The rules a resolved filter has for one syscall. */
function rulesFor(filter: ResolvedSeccomp, name: string) {
  return filter.rules.filter((rule) => rule.names.includes(name)).map(({ action, errno, args }) => ({ action, errno, args }));
}

describe('the default profile for a container', () => {
  const filter = resolveSeccomp(defaultSeccompProfile(), dockerCaps, amd64);

  it('refuses with EPERM what it does not list, and covers x86 and x32 beside x86_64', () => {
    expect([filter.defaultAction, filter.defaultErrno]).toEqual(['SCMP_ACT_ERRNO', 1]);
    expect(filter.architectures).toEqual(['SCMP_ARCH_X86', 'SCMP_ARCH_X32']);
    for (const blocked of ['unshare', 'setns', 'mount', 'umount2', 'bpf', 'keyctl', 'add_key', 'userfaultfd', 'io_uring_setup', 'kexec_load', 'perf_event_open', 'pivot_root', 'init_module']) {
      expect(rulesFor(filter, blocked), blocked).toEqual([]);
    }
    expect(rulesFor(filter, 'read')).toEqual([{ action: 'SCMP_ACT_ALLOW', errno: 0, args: [] }]);
    expect(rulesFor(filter, 'arch_prctl')).toHaveLength(1);
    expect(rulesFor(filter, 's390_runtime_instr')).toEqual([]);
  });

  it('allows clone without namespace flags only, and answers clone3 with ENOSYS', () => {
    expect(rulesFor(filter, 'clone')).toEqual([{ action: 'SCMP_ACT_ALLOW', errno: 0, args: [{ index: 0, op: 'SCMP_CMP_MASKED_EQ', value: 0x7e020000, valueTwo: 0 }] }]);
    expect(rulesFor(filter, 'clone3')).toEqual([{ action: 'SCMP_ACT_ERRNO', errno: 38, args: [] }]);
  });

  it('gives socket and personality one rule per allowed argument value', () => {
    expect(rulesFor(filter, 'socket').map((r) => r.args)).toEqual([
      [{ index: 0, op: 'SCMP_CMP_LT', value: 38 }], [{ index: 0, op: 'SCMP_CMP_EQ', value: 39 }], [{ index: 0, op: 'SCMP_CMP_GT', value: 40 }],
    ]);
    expect(rulesFor(filter, 'personality').map((r) => r.args[0]?.value)).toEqual([0, 8, 0x20000, 0x20008, 0xffffffff]);
  });

  it('opens what an added capability governs: SYS_ADMIN gives namespaces and mounts, unconditional clone and clone3', () => {
    const admin = resolveSeccomp(defaultSeccompProfile(), withCaps('SYS_ADMIN'), amd64);
    for (const name of ['unshare', 'setns', 'mount', 'clone', 'clone3']) expect(rulesFor(admin, name), name).toEqual([{ action: 'SCMP_ACT_ALLOW', errno: 0, args: [] }]);
    expect(rulesFor(resolveSeccomp(defaultSeccompProfile(), withCaps('SYS_PTRACE'), amd64), 'kcmp')).toHaveLength(1);
    expect(rulesFor(resolveSeccomp(defaultSeccompProfile(), withCaps('BPF'), amd64), 'bpf')).toHaveLength(1);
    // Dropped, chroot goes with its capability.
    expect(rulesFor(filter, 'chroot')).toHaveLength(1);
    expect(rulesFor(resolveSeccomp(defaultSeccompProfile(), [], amd64), 'chroot')).toEqual([]);
  });

  it('keeps ptrace from kernels before 4.8, and follows s390\'s clone argument order', () => {
    expect(rulesFor(resolveSeccomp(defaultSeccompProfile(), dockerCaps, { ...amd64, kernel: [4, 4] }), 'ptrace')).toEqual([]);
    expect(rulesFor(filter, 'ptrace')).toHaveLength(1);
    const s390 = resolveSeccomp(defaultSeccompProfile(), dockerCaps, { arch: 's390x', nativeArch: 'SCMP_ARCH_S390X', kernel: [6, 1] });
    expect(s390.architectures).toEqual(['SCMP_ARCH_S390']);
    expect(rulesFor(s390, 'clone').map((r) => r.args[0]?.index)).toEqual([1]);
  });
});

describe('containerSeccomp', () => {
  it('gives none to a privileged or unconfined container, the default otherwise, a given profile as it is', () => {
    expect(containerSeccomp({ privileged: true }, dockerCaps, amd64)).toBeUndefined();
    expect(containerSeccomp({ seccomp: 'unconfined' }, dockerCaps, amd64)).toBeUndefined();
    expect(containerSeccomp({}, dockerCaps, amd64)?.defaultAction).toBe('SCMP_ACT_ERRNO');
    const own = containerSeccomp({ seccomp: { defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['mkdir'], action: 'SCMP_ACT_ERRNO', errnoRet: 13 }] } }, dockerCaps, amd64);
    expect(own).toEqual({ defaultAction: 'SCMP_ACT_ALLOW', defaultErrno: 0, architectures: [], rules: [{ action: 'SCMP_ACT_ERRNO', errno: 13, names: ['mkdir'], args: [] }] });
  });

  it('merges rules of one action, drops those doing what the default does, and splits conditions on one argument', () => {
    const filter = resolveSeccomp({
      defaultAction: 'SCMP_ACT_ERRNO',
      syscalls: [
        { names: ['read'], action: 'SCMP_ACT_ALLOW' },
        { names: ['write', 'read'], action: 'SCMP_ACT_ALLOW' },
        { names: ['mount'], action: 'SCMP_ACT_ERRNO' },
        { names: ['kill'], action: 'SCMP_ACT_ALLOW', args: [{ index: 1, op: 'SCMP_CMP_EQ', value: 9 }, { index: 1, op: 'SCMP_CMP_EQ', value: 15 }] },
        { names: ['mmap'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, op: 'SCMP_CMP_EQ', value: 0 }, { index: 2, op: 'SCMP_CMP_NE', value: 7 }] },
      ],
    }, [], amd64);
    expect(filter.rules.map((r) => [r.names, r.args.map((a) => `${a.index}${a.op}${a.value}`)])).toEqual([
      [['read', 'write'], []],
      [['kill'], ['1SCMP_CMP_EQ9']],
      [['kill'], ['1SCMP_CMP_EQ15']],
      [['mmap'], ['0SCMP_CMP_EQ0', '2SCMP_CMP_NE7']],
    ]);
  });
});

describe('seccompRecords', () => {
  it('writes the default action, the extra architectures and one record per rule for the supervisor', () => {
    const filter: ResolvedSeccomp = {
      defaultAction: 'SCMP_ACT_ERRNO', defaultErrno: 1, architectures: ['SCMP_ARCH_X86', 'SCMP_ARCH_X32'],
      rules: [
        { action: 'SCMP_ACT_ALLOW', errno: 0, names: ['read', 'write'], args: [] },
        { action: 'SCMP_ACT_KILL_PROCESS', errno: 0, names: ['clone'], args: [{ index: 0, op: 'SCMP_CMP_MASKED_EQ', value: 0x7e020000, valueTwo: 0 }, { index: 1, op: 'SCMP_CMP_GT', value: 3 }] },
      ],
    };
    expect(seccompRecords(filter)).toEqual([
      ['seccomp', 'errno', '1'],
      ['seccomp_arch', 'x86,x32'],
      ['seccomp_rule', 'allow', '0', 'read,write', ''],
      ['seccomp_rule', 'kill_process', '0', 'clone', '0 masked_eq 2114060288 0 1 gt 3 0'],
    ]);
    expect(seccompRecords(undefined)).toEqual([]);
  });

  it('names a cache file after the rules and the build that compiles them', () => {
    const filter = resolveSeccomp(defaultSeccompProfile(), dockerCaps, amd64);
    const cacheOf = (records: readonly (readonly string[])[]) => records.find((r) => r[0] === 'seccomp_cache')?.[1];
    const first = cacheOf(seccompRecords(filter, { dir: '/r/seccomp', compiler: 'a' }));
    expect(first).toMatch(/^\/r\/seccomp\/[0-9a-f]{64}\.bpf$/);
    expect(cacheOf(seccompRecords(filter, { dir: '/r/seccomp', compiler: 'a' }))).toBe(first);
    expect(cacheOf(seccompRecords(filter, { dir: '/r/seccomp', compiler: 'b' }))).not.toBe(first);
    expect(cacheOf(seccompRecords(resolveSeccomp(defaultSeccompProfile(), withCaps('SYS_ADMIN'), amd64), { dir: '/r/seccomp', compiler: 'a' }))).not.toBe(first);
    expect(cacheOf(seccompRecords(filter))).toBeUndefined();
  });
});

describe('parseSeccompProfile', () => {
  const parse = (value: unknown) => parseSeccompProfile(value, '/p.json');

  it('takes Docker\'s format, its older one-name rules too, and ignores keys it does not know', () => {
    expect(parse({ defaultAction: 'SCMP_ACT_ERRNO', comment: 'x', syscalls: [{ name: 'read', action: 'SCMP_ACT_ALLOW', args: null }] })).toEqual({
      defaultAction: 'SCMP_ACT_ERRNO', syscalls: [{ names: ['read'], action: 'SCMP_ACT_ALLOW' }],
    });
    const docker = JSON.parse(JSON.stringify(defaultSeccompProfile()));
    expect(parse(docker)).toEqual(defaultSeccompProfile());
  });

  it('refuses what it cannot honour, naming the file and the place', () => {
    expect(() => parse([])).toThrow('seccomp profile /p.json: expected a JSON object');
    expect(() => parse({ defaultAction: 'SCMP_ACT_MAYBE' })).toThrow('seccomp profile /p.json: defaultAction: unknown action "SCMP_ACT_MAYBE"');
    expect(() => parse({ defaultAction: 'SCMP_ACT_NOTIFY' })).toThrow(/SCMP_ACT_NOTIFY is not supported/);
    expect(() => parse({ defaultAction: 'SCMP_ACT_ALLOW', architectures: [], archMap: [] })).toThrow(/either 'architectures' or 'archMap'/);
    expect(() => parse({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: [], action: 'SCMP_ACT_ALLOW' }] })).toThrow('syscalls[0]: names is empty');
    expect(() => parse({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['kill'], action: 'SCMP_ACT_ERRNO', errnoRet: 70000 }] })).toThrow('syscalls[0].errnoRet: expected 0 to 4095, got 70000');
    expect(() => parse({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['kill'], action: 'SCMP_ACT_ALLOW', args: [{ index: 6, value: 1, op: 'SCMP_CMP_EQ' }] }] })).toThrow('syscalls[0].args[0].index: expected 0 to 5, got 6');
    expect(() => parse({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['kill'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 2 ** 60, op: 'SCMP_CMP_EQ' }] }] })).toThrow(/args\[0\]\.value: expected a whole number/);
    expect(() => parse({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['kill'], action: 'SCMP_ACT_ALLOW', args: [{ index: 0, value: 1, op: 'SCMP_CMP_ABOUT' }] }] })).toThrow(/unknown operator "SCMP_CMP_ABOUT"/);
    expect(() => parse({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['kill'], action: 'SCMP_ACT_ALLOW', includes: { caps: ['CAP_FLY'] } }] })).toThrow(/includes.caps: unknown capability "CAP_FLY"/);
    expect(() => parse({ defaultAction: 'SCMP_ACT_ALLOW', syscalls: [{ names: ['kill'], action: 'SCMP_ACT_ALLOW', includes: { minKernel: '5' } }] })).toThrow(/minKernel: expected MAJOR.MINOR/);
  });
});

describe('seccompSecurityOption', () => {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-seccomp-'));

  it('reads unconfined, or a profile file relative to the base directory; other options are not its business', () => {
    writeFileSync(join(dir, 'p.json'), JSON.stringify({ defaultAction: 'SCMP_ACT_LOG' }));
    expect(seccompSecurityOption('seccomp=unconfined')).toBe('unconfined');
    expect(seccompSecurityOption('seccomp:unconfined')).toBe('unconfined');
    expect(seccompSecurityOption('seccomp=p.json', dir)).toEqual({ defaultAction: 'SCMP_ACT_LOG', syscalls: [] });
    expect(seccompSecurityOption('no-new-privileges')).toBeUndefined();
  });

  it('says which file it could not read or parse', () => {
    writeFileSync(join(dir, 'broken.json'), '{');
    expect(() => seccompSecurityOption('seccomp=missing.json', dir)).toThrow(`cannot read seccomp profile ${join(dir, 'missing.json')}: ENOENT`);
    expect(() => seccompSecurityOption('seccomp=broken.json', dir)).toThrow(`seccomp profile ${join(dir, 'broken.json')} is not JSON`);
    expect(() => seccompSecurityOption('seccomp=')).toThrow('security option "seccomp=" names no profile');
  });
});
