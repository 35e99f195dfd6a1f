// The instructions that only change the image's config: ENV, LABEL,
// EXPOSE, USER, WORKDIR, VOLUME, STOPSIGNAL (shared with `image import
// --change`), and CMD, ENTRYPOINT, SHELL, HEALTHCHECK, ONBUILD, MAINTAINER.
// Arguments arrive substituted where the instruction takes substitution.
// Pure.
import { BuildError, BuildErrorCode } from '../../errors.js';
import { applyChanges } from '../images/config-changes.js';
import { execForm, type Instruction } from './dockerfile.js';
import type { BuildRunConfig } from './image-state.js';

export const DEFAULT_SHELL: readonly string[] = ['/bin/sh', '-c'];

const SHARED = new Set(['ENV', 'LABEL', 'EXPOSE', 'USER', 'WORKDIR', 'VOLUME', 'STOPSIGNAL']);

/** Whether the instruction is one applyConfigStep handles. */
export function isConfigStep(name: string): boolean {
  return SHARED.has(name) || ['CMD', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK', 'ONBUILD', 'MAINTAINER'].includes(name);
}

export interface ConfigStepContext {
  readonly file: string;
  /** CMD was set in this stage already: ENTRYPOINT then keeps it (a CMD from the base image it clears). */
  readonly cmdSetInStage: boolean;
}

export function applyConfigStep(config: BuildRunConfig, ins: Instruction, args: string, ctx: ConfigStepContext): BuildRunConfig {
  const fail = (why: string) => new BuildError(BuildErrorCode.Syntax, `${ins.name}: ${why}`, { pos: { file: ctx.file, line: ins.line, column: 1 } });
  if (SHARED.has(ins.name)) {
    const next = applyChanges([`${ins.name} ${args}`], config, { refuse: (_change, why) => fail(why) }) as BuildRunConfig;
    return next;
  }
  const shell = config.Shell ?? DEFAULT_SHELL;
  switch (ins.name) {
    case 'CMD':
      return { ...config, Cmd: commandOf(args, shell) };
    case 'ENTRYPOINT': {
      const { Cmd, ...rest } = config;
      return { ...rest, Entrypoint: commandOf(args, shell), ...(ctx.cmdSetInStage && Cmd && { Cmd }) };
    }
    case 'SHELL': {
      const words = execForm(args);
      if (!words || words.length === 0) throw fail('SHELL takes the JSON form: SHELL ["executable", "parameters"]');
      return { ...config, Shell: words };
    }
    case 'HEALTHCHECK':
      return { ...config, Healthcheck: healthcheck(ins, args, fail) };
    case 'ONBUILD':
      return { ...config, OnBuild: [...(config.OnBuild ?? []), args] };
    default:
      // MAINTAINER is deprecated and names the author, which the config does not carry.
      return config;
  }
}

/** The exec form as given, or the shell form run by the stage's SHELL. */
export function commandOf(args: string, shell: readonly string[]): string[] {
  return execForm(args) ?? [...shell, args];
}

function healthcheck(ins: Instruction, args: string, fail: (why: string) => BuildError): BuildRunConfig['Healthcheck'] {
  if (/^none$/i.test(args.trim())) return { Test: ['NONE'] };
  const match = /^CMD\s+([\s\S]+)$/i.exec(args.trim());
  if (!match) throw fail('HEALTHCHECK takes NONE, or CMD and a command');
  const exec = execForm(match[1]!);
  const test = exec ? ['CMD', ...exec] : ['CMD-SHELL', match[1]!];
  const out: Record<string, unknown> = { Test: test };
  const durations: Record<string, string> = { interval: 'Interval', timeout: 'Timeout', 'start-period': 'StartPeriod', 'start-interval': 'StartInterval' };
  for (const [flag, field] of Object.entries(durations)) {
    const value = ins.flags[flag];
    if (value !== undefined) out[field] = nanoseconds(value, `--${flag}`, fail);
  }
  if (ins.flags['retries'] !== undefined) {
    const retries = Number(ins.flags['retries']);
    if (!Number.isInteger(retries) || retries < 1) throw fail(`--retries must be a positive integer, got "${ins.flags['retries']}"`);
    out['Retries'] = retries;
  }
  return out as BuildRunConfig['Healthcheck'];
}

const UNITS: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

/** A Go duration (`30s`, `1m30s`) in nanoseconds. */
function nanoseconds(text: string, flag: string, fail: (why: string) => BuildError): number {
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) throw fail(`${flag}: "${text}" is not a duration such as 30s or 1m30s`);
  return Math.round(parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0));
}
