// Seccomp profiles in Docker's JSON format (the one `--security-opt
// seccomp=FILE` and compose's `security_opt` take), and the check that a
// parsed file is one. Unknown keys are ignored, as Docker's decoder does;
// anything it would act on but we cannot is refused rather than dropped.
import { EngineError, EngineErrorCode } from '../../../errors.js';
import { CAPABILITIES } from '../defaults.js';

export const SECCOMP_ACTIONS = [
  'SCMP_ACT_ALLOW', 'SCMP_ACT_ERRNO', 'SCMP_ACT_KILL', 'SCMP_ACT_KILL_THREAD', 'SCMP_ACT_KILL_PROCESS', 'SCMP_ACT_TRAP', 'SCMP_ACT_TRACE', 'SCMP_ACT_LOG',
] as const;
export type SeccompAction = (typeof SECCOMP_ACTIONS)[number];

export const SECCOMP_OPERATORS = ['SCMP_CMP_NE', 'SCMP_CMP_LT', 'SCMP_CMP_LE', 'SCMP_CMP_EQ', 'SCMP_CMP_GE', 'SCMP_CMP_GT', 'SCMP_CMP_MASKED_EQ'] as const;
export type SeccompOperator = (typeof SECCOMP_OPERATORS)[number];

/** A condition on one of the six syscall arguments; MASKED_EQ compares `arg & value` with valueTwo. */
export interface SeccompArgument {
  readonly index: number;
  readonly value: number;
  readonly valueTwo?: number;
  readonly op: SeccompOperator;
}

/** When a rule applies: every listed capability held, the machine among the arches, the kernel at least minKernel. */
export interface SeccompCondition {
  readonly caps?: readonly string[];
  /** Go's architecture names (amd64, arm64, s390x...), as Docker writes them. */
  readonly arches?: readonly string[];
  /** `MAJOR.MINOR`. */
  readonly minKernel?: string;
}

export interface SeccompSyscallRule {
  readonly names: readonly string[];
  readonly action: SeccompAction;
  /** The errno of SCMP_ACT_ERRNO (EPERM when absent), or the message of SCMP_ACT_TRACE. */
  readonly errnoRet?: number;
  /** All must hold (one rule per argument when an index repeats, as Docker's runtime does). */
  readonly args?: readonly SeccompArgument[];
  readonly includes?: SeccompCondition;
  /** Any listed capability held, or the machine among the arches, turns the rule off. */
  readonly excludes?: Omit<SeccompCondition, 'minKernel'>;
}

export interface SeccompProfile {
  readonly defaultAction: SeccompAction;
  readonly defaultErrnoRet?: number;
  /** libseccomp architectures (SCMP_ARCH_X86_64...) the filter covers; the machine's own when neither this nor archMap is given. */
  readonly architectures?: readonly string[];
  /** Per machine architecture, the others its processes may use (x86 and x32 on x86_64). */
  readonly archMap?: readonly { readonly architecture: string; readonly subArchitectures?: readonly string[] | null }[];
  readonly syscalls?: readonly SeccompSyscallRule[];
}

type Json = Record<string, unknown>;

/** Checks a parsed profile file; `source` (its path) names it in every error. */
export function parseSeccompProfile(value: unknown, source: string): SeccompProfile {
  const bad = (message: string) => new EngineError(EngineErrorCode.InvalidConfig, `seccomp profile ${source}: ${message}`);
  if (!isObject(value)) throw bad('expected a JSON object');
  if (value['architectures'] !== undefined && value['archMap'] !== undefined) throw bad("give either 'architectures' or 'archMap', not both");
  if (value['listenerPath'] !== undefined && value['listenerPath'] !== '') throw bad('listenerPath (SCMP_ACT_NOTIFY) is not supported');
  if (Array.isArray(value['flags']) && value['flags'].length > 0) throw bad('flags are not supported');
  const syscalls = optionalArray(value['syscalls'], 'syscalls', bad).map((rule, i) => syscallRule(rule, `syscalls[${i}]`, bad));
  return {
    defaultAction: action(value['defaultAction'], 'defaultAction', bad),
    ...optionalNumber(value, 'defaultErrnoRet', errnoIn(bad)),
    ...(value['architectures'] !== undefined && { architectures: stringList(value['architectures'], 'architectures', bad) }),
    ...(value['archMap'] !== undefined && {
      archMap: optionalArray(value['archMap'], 'archMap', bad).map((entry, i) => {
        if (!isObject(entry) || typeof entry['architecture'] !== 'string') throw bad(`archMap[${i}]: expected { architecture, subArchitectures }`);
        const subs = entry['subArchitectures'];
        return { architecture: entry['architecture'], subArchitectures: subs === null || subs === undefined ? [] : stringList(subs, `archMap[${i}].subArchitectures`, bad) };
      }),
    }),
    syscalls,
  };
}

function syscallRule(value: unknown, where: string, bad: (m: string) => Error): SeccompSyscallRule {
  if (!isObject(value)) throw bad(`${where}: expected an object`);
  // Docker's older format names one syscall per rule.
  if (value['name'] !== undefined && value['names'] !== undefined) throw bad(`${where}: give either 'name' or 'names', not both`);
  const names = value['name'] !== undefined ? stringList([value['name']], `${where}.name`, bad) : stringList(value['names'], `${where}.names`, bad);
  if (names.length === 0) throw bad(`${where}: names is empty`);
  const args = value['args'] === null ? [] : optionalArray(value['args'], `${where}.args`, bad).map((arg, i) => argument(arg, `${where}.args[${i}]`, bad));
  return {
    names,
    action: action(value['action'], `${where}.action`, bad),
    ...optionalNumber(value, 'errnoRet', errnoIn(bad, where)),
    ...(args.length > 0 && { args }),
    ...(value['includes'] !== undefined && { includes: condition(value['includes'], `${where}.includes`, bad) }),
    ...(value['excludes'] !== undefined && { excludes: condition(value['excludes'], `${where}.excludes`, bad) }),
  };
}

function argument(value: unknown, where: string, bad: (m: string) => Error): SeccompArgument {
  if (!isObject(value)) throw bad(`${where}: expected an object`);
  const { index, op } = value;
  if (typeof index !== 'number' || !Number.isInteger(index) || index < 0 || index > 5) throw bad(`${where}.index: expected 0 to 5, got ${JSON.stringify(index)}`);
  if (!SECCOMP_OPERATORS.includes(op as SeccompOperator)) throw bad(`${where}.op: unknown operator ${JSON.stringify(op)}`);
  const number = (key: string) => {
    const n = value[key] ?? 0;
    // Beyond 2^53 a JSON number has already lost digits: the filter would compare with another value.
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw bad(`${where}.${key}: expected a whole number from 0 to 2^53, got ${JSON.stringify(n)}`);
    return n;
  };
  return { index, op: op as SeccompOperator, value: number('value'), ...(value['valueTwo'] !== undefined && { valueTwo: number('valueTwo') }) };
}

function condition(value: unknown, where: string, bad: (m: string) => Error): SeccompCondition {
  if (!isObject(value)) throw bad(`${where}: expected an object`);
  const caps = value['caps'] === undefined || value['caps'] === null ? undefined : stringList(value['caps'], `${where}.caps`, bad);
  for (const cap of caps ?? []) {
    if (CAPABILITIES[cap.toUpperCase().replace(/^CAP_/, '')] === undefined) throw bad(`${where}.caps: unknown capability ${JSON.stringify(cap)}`);
  }
  const arches = value['arches'] === undefined || value['arches'] === null ? undefined : stringList(value['arches'], `${where}.arches`, bad);
  const minKernel = value['minKernel'];
  if (minKernel !== undefined && (typeof minKernel !== 'string' || !/^\d+\.\d+$/.test(minKernel))) throw bad(`${where}.minKernel: expected MAJOR.MINOR, got ${JSON.stringify(minKernel)}`);
  return { ...(caps && { caps }), ...(arches && { arches }), ...(minKernel !== undefined && { minKernel }) };
}

function action(value: unknown, where: string, bad: (m: string) => Error): SeccompAction {
  if (value === 'SCMP_ACT_NOTIFY') throw bad(`${where}: SCMP_ACT_NOTIFY is not supported`);
  if (!SECCOMP_ACTIONS.includes(value as SeccompAction)) throw bad(`${where}: unknown action ${JSON.stringify(value)}`);
  return value as SeccompAction;
}

/** A checker of errno values (the kernel keeps 16 bits of SECCOMP_RET_DATA; errno numbers end at 4095). */
function errnoIn(bad: (m: string) => Error, where?: string) {
  return (key: string, n: unknown): number => {
    if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > 4095) throw bad(`${where ? `${where}.` : ''}${key}: expected 0 to 4095, got ${JSON.stringify(n)}`);
    return n;
  };
}

function optionalNumber(value: Json, key: string, check: (key: string, n: unknown) => number): Record<string, number> {
  return value[key] === undefined || value[key] === null ? {} : { [key]: check(key, value[key]) };
}

function optionalArray(value: unknown, where: string, bad: (m: string) => Error): unknown[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw bad(`${where}: expected a list`);
  return value;
}

function stringList(value: unknown, where: string, bad: (m: string) => Error): string[] {
  if (!Array.isArray(value) || value.some((s) => typeof s !== 'string' || s === '')) throw bad(`${where}: expected a list of names`);
  return value as string[];
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
