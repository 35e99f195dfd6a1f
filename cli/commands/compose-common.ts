// What every compose verb of the CLI does first: open the project from the
// global options, and pick how progress is shown.
import { openProject, UsageError, type ComposeProject } from '../../index.js';
import { loadOptionsFrom, type GlobalOptions } from '../global-options.js';
import { progressView, type AnsiMode, type ProgressMode, type ProgressView } from '../render/compose-progress.js';
import type { DisplayFlags } from '../display-options.js';

export function openFromCli(global: GlobalOptions, services: readonly string[] = []): ComposeProject {
  // Services named on the command line are enabled whatever their profiles, as docker compose does.
  return openProject(loadOptionsFrom(global, services.length > 0 ? { services } : {}));
}

const MODES: readonly ProgressMode[] = ['auto', 'tty', 'plain', 'json', 'quiet'];
const ANSI: readonly AnsiMode[] = ['auto', 'never', 'always'];

/** The progress view of a verb from --progress / --ansi, then COMPOSE_PROGRESS / COMPOSE_ANSI. */
export function progressFor(flags: DisplayFlags, verb: string): ProgressView {
  const mode = flags.progress ?? process.env['COMPOSE_PROGRESS'] ?? 'auto';
  if (!MODES.includes(mode as ProgressMode)) throw new UsageError(`invalid --progress "${mode}": use ${MODES.join(', ')}`);
  const ansi = flags.ansi ?? process.env['COMPOSE_ANSI'] ?? 'auto';
  if (!ANSI.includes(ansi as AnsiMode)) throw new UsageError(`invalid --ansi "${ansi}": use ${ANSI.join(', ')}`);
  return progressView({ mode: mode as ProgressMode, ansi: ansi as AnsiMode, verb });
}

/** --parallel, then COMPOSE_PARALLEL_LIMIT; -1 (or nothing) is no limit. */
export function parallelLimit(flags: DisplayFlags): number | undefined {
  const text = flags.parallel ?? process.env['COMPOSE_PARALLEL_LIMIT'];
  if (text === undefined || text === '') return undefined;
  if (!/^-?\d+$/.test(text) || Number(text) === 0 || Number(text) < -1) throw new UsageError(`invalid --parallel "${text}": a positive number, or -1 for no limit`);
  return Number(text) === -1 ? undefined : Number(text);
}

/** A whole number of seconds (-t, --wait-timeout). */
export function seconds(text: string | undefined, flag: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw new UsageError(`invalid ${flag} "${text}": a whole number of seconds`);
  return Number(text);
}

/** --scale web=3 (repeatable). */
export function scaleOption(values: readonly string[]): Record<string, number> {
  const scale: Record<string, number> = {};
  for (const value of values) {
    const match = /^([^=]+)=(\d+)$/.exec(value);
    if (!match) throw new UsageError(`invalid --scale "${value}": use SERVICE=NUMBER`);
    scale[match[1]!] = Number(match[2]);
  }
  return scale;
}

export function envFlag(name: string): boolean {
  const value = process.env[name]?.toLowerCase();
  return value === '1' || value === 'true' || value === 'yes';
}
