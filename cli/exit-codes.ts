// The one place that turns errors into exit statuses and user-facing lines.
import { relative, isAbsolute } from 'node:path';
import { FlotillaError, type SourcePos } from '../errors.js';

export const ExitCode = {
  Ok: 0,
  /** Any error in the project, its input or the system. */
  Failure: 1,
  /** The command line itself is wrong. */
  Usage: 2,
  /** run, create or start failed before the container's process ran: docker's status for the engine's refusal. */
  NotStarted: 125,
  /** Interrupted by SIGINT (128 + 2), as shells report it. */
  Interrupted: 130,
} as const;

export function exitCodeFor(err: unknown): number {
  // A container that could not start reports docker's 125/126/127.
  if (err instanceof FlotillaError && typeof err.exitStatus === 'number') return err.exitStatus;
  if (err instanceof FlotillaError && err.code === 'FLOTILLA_USAGE') return ExitCode.Usage;
  return ExitCode.Failure;
}

/**
 * Marks a failure of the engine in run, create or start, before the
 * container's process ran (an unknown image, a name or port in use, a limit
 * refused), with docker's 125. A status already chosen (126, 127 from the
 * container's own start) stays.
 */
export function notStarted(err: unknown): unknown {
  if (err instanceof FlotillaError && err.exitStatus === undefined) err.exitStatus = ExitCode.NotStarted;
  return err;
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
