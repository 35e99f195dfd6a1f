// A profile made concrete for one container, as Docker does when it starts
// one: the rules whose conditions hold (its capabilities, this machine, this
// kernel), the architectures the filter covers, then the supervisor's spec
// records that the shim compiles with libseccomp. Pure.
import { createHash } from 'node:crypto';
import { release } from 'node:os';
import { join } from 'node:path';
import type { ContainerConfig } from '../config.js';
import { CAPABILITIES } from '../defaults.js';
import type { SpecRecord } from '../spec.js';
import type { SeccompCache } from './cache.js';
import { defaultSeccompProfile } from './default-profile.js';
import type { SeccompAction, SeccompArgument, SeccompProfile, SeccompSyscallRule } from './profile.js';

/** What the rules' conditions are checked against. */
export interface SeccompHost {
  /** Go's name of the machine (amd64, arm64...), as profiles write it. */
  readonly arch: string;
  /** The libseccomp name of the machine's own architecture (SCMP_ARCH_X86_64...). */
  readonly nativeArch: string;
  readonly kernel: readonly [major: number, minor: number];
}

/** Rules of one action, errno and argument conditions, for several syscalls. */
export interface ResolvedSeccompRule {
  readonly action: SeccompAction;
  readonly errno: number;
  readonly names: readonly string[];
  readonly args: readonly SeccompArgument[];
}

export interface ResolvedSeccomp {
  readonly defaultAction: SeccompAction;
  readonly defaultErrno: number;
  /** libseccomp's architectures besides the native one. */
  readonly architectures: readonly string[];
  readonly rules: readonly ResolvedSeccompRule[];
}

const EPERM = 1;

/** The actions whose errnoRet means something: the errno returned, the tracer's message. */
const CARRIES_DATA = new Set<SeccompAction>(['SCMP_ACT_ERRNO', 'SCMP_ACT_TRACE']);

/** Node's process.arch → [Go's name, libseccomp's]. */
const MACHINES: Readonly<Record<string, readonly [string, string]>> = {
  x64: ['amd64', 'SCMP_ARCH_X86_64'], arm64: ['arm64', 'SCMP_ARCH_AARCH64'], arm: ['arm', 'SCMP_ARCH_ARM'], ia32: ['386', 'SCMP_ARCH_X86'],
  s390x: ['s390x', 'SCMP_ARCH_S390X'], ppc64: ['ppc64le', 'SCMP_ARCH_PPC64LE'], riscv64: ['riscv64', 'SCMP_ARCH_RISCV64'],
  loong64: ['loong64', 'SCMP_ARCH_LOONGARCH64'], mips64el: ['mips64le', 'SCMP_ARCH_MIPSEL64'],
};

export function thisHost(): SeccompHost {
  const [arch, nativeArch] = MACHINES[process.arch] ?? [process.arch, ''];
  const [major = 0, minor = 0] = release().split(/[.-]/).map(Number);
  return { arch, nativeArch, kernel: [major, minor] };
}

/** The filter for a container holding `capabilities` (numbers), or undefined for none (privileged, unconfined). */
export function containerSeccomp(config: Pick<ContainerConfig, 'privileged' | 'seccomp'>, capabilities: readonly number[], host: SeccompHost = thisHost()): ResolvedSeccomp | undefined {
  if (config.privileged || config.seccomp === 'unconfined') return undefined;
  return resolveSeccomp(config.seccomp ?? defaultSeccompProfile(), capabilities, host);
}

export function resolveSeccomp(profile: SeccompProfile, capabilities: readonly number[], host: SeccompHost): ResolvedSeccomp {
  const held = new Set(capabilities);
  const has = (cap: string) => held.has(CAPABILITIES[cap.toUpperCase().replace(/^CAP_/, '')] ?? -1);
  const dataOf = (action: SeccompAction, errnoRet: number | undefined) => (CARRIES_DATA.has(action) ? (errnoRet ?? EPERM) : 0);
  const defaultErrno = dataOf(profile.defaultAction, profile.defaultErrnoRet);
  const groups = new Map<string, { action: SeccompAction; errno: number; args: readonly SeccompArgument[]; names: Set<string> }>();
  for (const rule of profile.syscalls ?? []) {
    if (!applies(rule, has, host)) continue;
    const errno = dataOf(rule.action, rule.errnoRet);
    // libseccomp refuses a rule that does what the default does; it is one anyway.
    if (rule.action === profile.defaultAction && errno === defaultErrno) continue;
    for (const args of argumentSets(rule.args ?? [])) {
      const key = JSON.stringify([rule.action, errno, args]);
      const group = groups.get(key) ?? { action: rule.action, errno, args, names: new Set<string>() };
      for (const name of rule.names) group.names.add(name);
      groups.set(key, group);
    }
  }
  return {
    defaultAction: profile.defaultAction,
    defaultErrno,
    architectures: architectures(profile, host).filter((arch) => arch !== host.nativeArch),
    rules: [...groups.values()].map((g) => ({ action: g.action, errno: g.errno, names: [...g.names], args: g.args })),
  };
}

function applies(rule: SeccompSyscallRule, has: (cap: string) => boolean, host: SeccompHost): boolean {
  const { includes = {}, excludes = {} } = rule;
  if (includes.caps && !includes.caps.every(has)) return false;
  if (includes.arches && !includes.arches.includes(host.arch)) return false;
  if (includes.minKernel && olderThan(host.kernel, includes.minKernel)) return false;
  if (excludes.caps?.some(has)) return false;
  if (excludes.arches?.includes(host.arch)) return false;
  return true;
}

function olderThan([major, minor]: readonly [number, number], wanted: string): boolean {
  const [wantMajor = 0, wantMinor = 0] = wanted.split('.').map(Number);
  return major < wantMajor || (major === wantMajor && minor < wantMinor);
}

/**
 * Conditions on different arguments all hold together in one rule. Two on
 * the same argument cannot (libseccomp refuses them), so then each becomes a
 * rule of its own, either allowing the call: what Docker's runtime does.
 */
function argumentSets(args: readonly SeccompArgument[]): (readonly SeccompArgument[])[] {
  const indexes = new Set(args.map((a) => a.index));
  return indexes.size === args.length ? [args] : args.map((arg) => [arg]);
}

/** `architectures` as given; with archMap, the machine's entry and its sub-architectures. */
function architectures(profile: SeccompProfile, host: SeccompHost): string[] {
  if (profile.architectures) return [...profile.architectures];
  const entry = profile.archMap?.find((e) => e.architecture === host.nativeArch);
  return entry ? [entry.architecture, ...(entry.subArchitectures ?? [])] : [];
}

/** libseccomp's short names: SCMP_ACT_KILL_PROCESS → kill_process, SCMP_ARCH_X86_64 → x86_64. */
const short = (name: string, prefix: string) => name.slice(prefix.length).toLowerCase();

/**
 * The spec records: `seccomp` (default action and errno) turns the filter
 * on; `seccomp_arch` lists the extra architectures; each `seccomp_rule` has
 * an action, its errno, comma-separated syscall names and its conditions
 * as "INDEX OP VALUE VALUE2" groups; `seccomp_cache` is where the compiled
 * filter for exactly these rules is kept.
 */
export function seccompRecords(filter: ResolvedSeccomp | undefined, cache?: SeccompCache): SpecRecord[] {
  if (!filter) return [];
  const records: SpecRecord[] = [
    ['seccomp', short(filter.defaultAction, 'SCMP_ACT_'), String(filter.defaultErrno)],
    ...(filter.architectures.length > 0 ? [['seccomp_arch', filter.architectures.map((a) => short(a, 'SCMP_ARCH_')).join(',')] as SpecRecord] : []),
    ...filter.rules.map((rule): SpecRecord => [
      'seccomp_rule',
      short(rule.action, 'SCMP_ACT_'),
      String(rule.errno),
      rule.names.join(','),
      rule.args.map((a) => `${a.index} ${short(a.op, 'SCMP_CMP_')} ${a.value} ${a.valueTwo ?? 0}`).join(' '),
    ]),
  ];
  if (!cache) return records;
  const key = createHash('sha256').update(JSON.stringify([cache.compiler, records])).digest('hex');
  return [...records, ['seccomp_cache', join(cache.dir, `${key}.bpf`)]];
}
