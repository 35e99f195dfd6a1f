// What every compose verb of the CLI does first: open the project from the
// global options, and pick how progress is shown.
import { openProject, UsageError, type ComposeProject } from '../../index.js';
import { loadOptionsFrom, type GlobalOptions } from '../global-options.js';
import { progressView, type ProgressMode, type ProgressView } from '../render/compose-progress.js';

export function openFromCli(global: GlobalOptions, services: readonly string[] = []): ComposeProject {
  // Services named on the command line are enabled whatever their profiles, as docker compose does.
  return openProject(loadOptionsFrom(global, services.length > 0 ? { services } : {}));
}

const MODES: readonly ProgressMode[] = ['auto', 'tty', 'plain', 'json', 'quiet'];

export function progressFor(option: string | undefined, verb: string): ProgressView {
  const mode = option ?? process.env['COMPOSE_PROGRESS'] ?? 'auto';
  if (!MODES.includes(mode as ProgressMode)) throw new UsageError(`invalid --progress "${mode}": use ${MODES.join(', ')}`);
  return progressView(mode as ProgressMode, verb);
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
