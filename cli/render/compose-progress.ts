// A compose verb's progress, as docker compose shows it: on a terminal a
// live block (progress-block.ts); when stdout or stderr is not a terminal,
// one plain line per change (a block between other output, or in a CI log,
// is unreadable); `json` one object per event; `quiet` nothing but errors,
// which the CLI prints anyway.
import type { ProgressEvent } from '../../index.js';
import { ProgressBoard, statusOf, type LineStatus } from './progress-board.js';
import { liveBlock } from './progress-block.js';

export type ProgressMode = 'auto' | 'tty' | 'plain' | 'json' | 'quiet';
export type AnsiMode = 'auto' | 'never' | 'always';

export interface ProgressView {
  /** The resources the plan will show (before its first event): the header's total. */
  readonly onPlan: (resources: readonly string[]) => void;
  readonly onEvent: (event: ProgressEvent) => void;
  readonly onWarning: (message: string) => void;
  /** Draws the final state (a terminal block) and stops redrawing. */
  readonly finish: () => void;
}

export interface ProgressSettings {
  readonly mode: ProgressMode;
  readonly ansi: AnsiMode;
  /** The header's word: `Running`. */
  readonly verb: string;
  readonly stream?: NodeJS.WriteStream;
  /** Whether each of the two streams is a terminal (process.stdout/stderr's by default). */
  readonly terminals?: { readonly stdout: boolean; readonly stderr: boolean };
  readonly env?: NodeJS.ProcessEnv;
}

/** The mode `auto` stands for here: a block only when both streams are terminals and ANSI is allowed. */
export function resolveMode(settings: ProgressSettings): Exclude<ProgressMode, 'auto'> {
  if (settings.mode !== 'auto') return settings.mode;
  if (settings.ansi === 'never') return 'plain';
  if (settings.ansi === 'always') return 'tty';
  const terminals = settings.terminals ?? { stdout: process.stdout.isTTY === true, stderr: process.stderr.isTTY === true };
  return terminals.stdout && terminals.stderr ? 'tty' : 'plain';
}

/** Colours unless --ansi never or NO_COLOR (https://no-color.org); --ansi always forces them. */
export function useColor(settings: ProgressSettings): boolean {
  if (settings.ansi === 'always') return true;
  if (settings.ansi === 'never') return false;
  const env = settings.env ?? process.env;
  return !env['NO_COLOR'];
}

export function progressView(settings: ProgressSettings): ProgressView {
  const stream = settings.stream ?? process.stderr;
  switch (resolveMode(settings)) {
    case 'quiet':
      return { onPlan: () => {}, onEvent: () => {}, onWarning: () => {}, finish: () => {} };
    case 'json':
      return jsonEvents(stream);
    case 'plain':
      return plainLines(stream);
    case 'tty':
      return liveBlock({ verb: settings.verb, color: useColor(settings), stream });
  }
}

const JSON_STATUS: Record<LineStatus, string> = { working: 'Working', done: 'Done', warning: 'Warning', error: 'Error' };

/** One object per event; current/total count the plan's resources done so far, as the header does. */
export function jsonEvents(stream: Pick<NodeJS.WritableStream, 'write'>): ProgressView {
  const board = new ProgressBoard();
  return {
    onPlan: (resources) => board.expect(resources),
    onEvent: (e) => {
      board.apply(e, Date.now());
      const message = { id: e.resource, status: JSON_STATUS[statusOf(e)], text: e.state, ...(e.detail && { details: e.detail }), current: board.done(), total: board.total() };
      stream.write(`${JSON.stringify(message)}\n`);
    },
    onWarning: (message) => stream.write(`${JSON.stringify({ level: 'warning', text: message })}\n`),
    finish: () => {},
  };
}

/** ` Container web-1  Recreate  config changed: image`: the state word, then the plan's reason or the error. */
export function plainLine(e: ProgressEvent): string {
  return ` ${e.resource}  ${e.state}${e.detail ? `  ${e.detail}` : ''}\n`;
}

export function plainLines(stream: Pick<NodeJS.WritableStream, 'write'>): ProgressView {
  return {
    onPlan: () => {},
    onEvent: (e) => stream.write(plainLine(e)),
    onWarning: (message) => stream.write(`WARN ${message}\n`),
    finish: () => {},
  };
}
