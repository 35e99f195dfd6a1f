// Dockerfile text → instructions, each with the line it starts on, so every
// later error can point at it. Pure: no I/O. Follows the Dockerfile
// reference: parser directives (`# escape=`) at the very top, `#` comment
// lines (also inside continued instructions), the escape character at a
// line's end continuing it, and `--name=value` flags before the arguments.
import { BuildError, BuildErrorCode } from '../../errors.js';

export const INSTRUCTIONS = [
  'FROM', 'RUN', 'CMD', 'LABEL', 'MAINTAINER', 'EXPOSE', 'ENV', 'ADD', 'COPY', 'ENTRYPOINT',
  'VOLUME', 'USER', 'WORKDIR', 'ARG', 'ONBUILD', 'STOPSIGNAL', 'HEALTHCHECK', 'SHELL',
] as const;
export type InstructionName = (typeof INSTRUCTIONS)[number];

/** Flags each instruction accepts; any other is refused, never silently dropped. */
const FLAGS: Partial<Record<InstructionName, readonly string[]>> = {
  FROM: ['platform'],
  COPY: ['from', 'chown', 'chmod', 'link'],
  ADD: ['chown', 'chmod', 'link'],
  HEALTHCHECK: ['interval', 'timeout', 'start-period', 'start-interval', 'retries'],
};

export interface Instruction {
  readonly name: InstructionName;
  readonly flags: Readonly<Record<string, string>>;
  /** The text after the flags, continuations joined, not yet substituted. */
  readonly args: string;
  /** Line the instruction starts on, from 1. */
  readonly line: number;
  /** The instruction as written (continuations joined): what build output shows. */
  readonly text: string;
}

export interface Dockerfile {
  /** What errors call the file (its path, or `Dockerfile` for inline text). */
  readonly file: string;
  readonly escape: '\\' | '`';
  readonly instructions: readonly Instruction[];
}

export function parseDockerfile(text: string, file: string): Dockerfile {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const escape = directiveEscape(lines);
  const instructions: Instruction[] = [];
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i]!;
    if (isBlankOrComment(first)) continue;
    const start = i;
    let joined = '';
    let current = first;
    for (;;) {
      const continued = endsWithEscape(current, escape);
      joined += continued ? current.replace(/\s*$/, '').slice(0, -1) : current;
      if (!continued) break;
      // Comment lines inside a continued instruction are dropped; a blank one ends nothing.
      do i++;
      while (i < lines.length && isComment(lines[i]!));
      if (i >= lines.length) break;
      current = lines[i]!;
    }
    instructions.push(parseInstruction(joined.trim(), { file, line: start + 1 }));
  }
  if (!instructions.some((ins) => ins.name === 'FROM')) throw syntaxError({ file, line: 1 }, 'the Dockerfile has no FROM instruction');
  return { file, escape, instructions };
}

/** `# escape=` among the directives at the top (before any other line); backslash by default. */
function directiveEscape(lines: readonly string[]): '\\' | '`' {
  let escape: '\\' | '`' = '\\';
  for (const line of lines) {
    const match = /^\s*#\s*([a-zA-Z]+)\s*=\s*(\S*)\s*$/.exec(line);
    if (!match) break;
    if (match[1]!.toLowerCase() === 'escape') escape = match[2] === '`' ? '`' : '\\';
  }
  return escape;
}

function isComment(line: string): boolean {
  return /^\s*#/.test(line);
}

function isBlankOrComment(line: string): boolean {
  return line.trim() === '' || isComment(line);
}

function endsWithEscape(line: string, escape: string): boolean {
  return line.replace(/\s*$/, '').endsWith(escape);
}

interface At {
  readonly file: string;
  readonly line: number;
}

export function syntaxError(at: At, message: string): BuildError {
  return new BuildError(BuildErrorCode.Syntax, message, { pos: { file: at.file, line: at.line, column: 1 } });
}

function parseInstruction(text: string, at: At): Instruction {
  const match = /^(\S+)\s*([\s\S]*)$/.exec(text)!;
  const name = match[1]!.toUpperCase() as InstructionName;
  if (!INSTRUCTIONS.includes(name)) throw syntaxError(at, `unknown instruction: ${match[1]}`);
  let rest = match[2]!;
  const flags: Record<string, string> = {};
  const allowed = FLAGS[name] ?? [];
  const FLAG = /^--([a-z-]+)(?:=(\S*))?(?:\s+|$)/;
  for (let flag = FLAG.exec(rest); flag; flag = FLAG.exec(rest)) {
    if (!allowed.includes(flag[1]!)) throw syntaxError(at, `${name} does not support the flag --${flag[1]}`);
    flags[flag[1]!] = flag[2] ?? 'true';
    rest = rest.slice(flag[0].length);
  }
  if (rest.trim() === '' && name !== 'HEALTHCHECK') throw syntaxError(at, `${name} needs an argument`);
  return { name, flags, args: rest.trim(), line: at.line, text: `${name}${text.slice(match[1]!.length)}` };
}

/** An exec-form argument (`["a", "b"]`), or undefined for the shell form. */
export function execForm(args: string): string[] | undefined {
  if (!args.startsWith('[')) return undefined;
  try {
    const parsed: unknown = JSON.parse(args);
    return Array.isArray(parsed) && parsed.every((s) => typeof s === 'string') ? parsed : undefined;
  } catch {
    return undefined;
  }
}
