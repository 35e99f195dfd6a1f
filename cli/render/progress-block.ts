// The live block of a compose verb on a terminal, as docker compose draws
// it: a header counting done/total, then a line per resource with its mark,
// state word, the plan's reason and a timer at the right edge. The block is
// redrawn in place (cursor up, clear line) at most every 100 ms, and every
// line is cut to the terminal's width so wrapping never breaks the redraw.
import type { ProgressEvent } from '../../index.js';
import { elapsed, ProgressBoard, type BoardLine, type LineStatus } from './progress-board.js';
import type { ProgressView } from './compose-progress.js';

export const REDRAW_MS = 100;
const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const MARKS: Record<Exclude<LineStatus, 'working'>, string> = { done: '✔', warning: '!', error: '✘' };
const COLORS: Record<LineStatus, string> = { working: '', done: '\x1b[32m', warning: '\x1b[33m', error: '\x1b[31m' };
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';

export interface FrameOptions {
  readonly verb: string;
  readonly now: number;
  readonly columns: number;
  readonly color: boolean;
  /** Which spinner glyph working lines show (advances with each redraw). */
  readonly tick: number;
}

/** The block's lines for one moment, without cursor movement. */
export function blockFrame(board: ProgressBoard, options: FrameOptions): string[] {
  const lines = board.entries();
  const width = Math.max(0, ...lines.map((l) => l.resource.length));
  const stateWidth = Math.max(0, ...lines.map((l) => l.state.length));
  const header = `[+] ${options.verb} ${board.done()}/${board.total()}`;
  return [paint(header, board.working() ? '' : COLORS.done, options.color), ...lines.map((l) => blockLine(l, width, stateWidth, options))];
}

function blockLine(line: BoardLine, width: number, stateWidth: number, options: FrameOptions): string {
  const mark = line.status === 'working' ? SPINNER[options.tick % SPINNER.length]! : MARKS[line.status];
  const timer = elapsed(line, options.now);
  const name = ` ${line.resource.padEnd(width)} ${line.state.padEnd(stateWidth)}`;
  // Mark (1), name, a space, the reason, at least one space, the timer: never wider than the terminal.
  const room = options.columns - 2 - name.length - timer.length - 2;
  const detail = line.detail && room > 1 ? ` ${cut(line.detail, room)}` : '';
  const gap = ' '.repeat(Math.max(1, options.columns - 2 - name.length - detail.length - timer.length));
  const plain = ` ${mark}${name}${detail}${gap}${timer}`;
  if (plain.length > options.columns) return cut(plain, options.columns);
  if (!options.color) return plain;
  return ` ${paint(mark, COLORS[line.status], true)}${name}${paint(detail, DIM, true)}${gap}${timer}`;
}

function paint(text: string, code: string, color: boolean): string {
  return color && code && text ? `${code}${text}${RESET}` : text;
}

function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

export interface LiveBlockOptions {
  readonly verb: string;
  readonly color: boolean;
  readonly stream: NodeJS.WriteStream;
}

/** Draws the board on a terminal: a redraw is due on events and, while anything works, every 100 ms for the timers. */
export function liveBlock(options: LiveBlockOptions): ProgressView {
  const board = new ProgressBoard();
  const { stream } = options;
  let drawn = 0;
  let tick = 0;
  let last = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    last = Date.now();
    const frame = blockFrame(board, { verb: options.verb, now: last, columns: stream.columns || 80, color: options.color, tick: tick++ });
    stream.write(`${drawn > 0 ? `\x1b[${drawn}F` : ''}${frame.map((t) => `\x1b[2K${t}\n`).join('')}`);
    drawn = frame.length;
  };
  const schedule = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      draw();
      if (board.working()) schedule();
    }, Math.max(0, REDRAW_MS - (Date.now() - last)));
    timer.unref();
  };
  return {
    onPlan: (resources) => board.expect(resources),
    onEvent: (event: ProgressEvent) => {
      board.apply(event, Date.now());
      schedule();
    },
    onWarning: (message) => {
      // Above the block, which is drawn again beneath it.
      stream.write(`${drawn > 0 ? `\x1b[${drawn}F\x1b[J` : ''}${paint('WARN', COLORS.warning, options.color)} ${message}\n`);
      drawn = 0;
      if (board.entries().length > 0) schedule();
    },
    finish: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (board.entries().length > 0) draw();
    },
  };
}
