// The one place that turns errors into exit statuses and user-facing lines.
import { relative, isAbsolute } from 'node:path';
import { FlotillaError, type SourcePos } from '../errors.js';

export const ExitCode = {
  Ok: 0,
  /** Any error in the project, its input or the system. */
  Failure: 1,
  /** The command line itself is wrong. */
  Usage: 2,
  /** Interrupted by SIGINT (128 + 2), as shells report it. */
  Interrupted: 130,
} as const;

export function exitCodeFor(err: unknown): number {
  if (err instanceof FlotillaError && err.code === 'FLOTILLA_USAGE') return ExitCode.Usage;
  // A container that could not start reports docker's 125/126/127.
  if (err instanceof FlotillaError && typeof err.exitStatus === 'number') return err.exitStatus;
  return ExitCode.Failure;
}

/** One line: `error: compose.yaml:3:5: message`, paths shown relative to the working directory. */
export function formatError(err: unknown, cwd = process.cwd()): string {
  if (!(err instanceof FlotillaError)) {
    const message = err instanceof Error ? err.message : String(err);
    return `error: ${message} (an unexpected failure; rerun with --debug for details)`;
  }
  const where = err.pos ? `${formatPos(err.pos, cwd)}: ` : '';
  const hint = err.hint ? ` (${err.hint})` : '';
  return `error: ${where}${err.message}${hint}`;
}

function formatPos(pos: SourcePos, cwd: string): string {
  const rel = isAbsolute(pos.file) ? relative(cwd, pos.file) : pos.file;
  const file = rel !== '' && !rel.startsWith('..') ? rel : pos.file;
  return `${file}:${pos.line}:${pos.column}`;
}
