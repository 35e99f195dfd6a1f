// A compose verb's progress, as docker compose shows it: on a terminal a
// live block (a line per resource with its state word and time, a header
// counting what is done), redrawn at most every 100 ms; otherwise one plain
// line per change; `json` one object per event; `quiet` nothing.
import type { ProgressEvent } from '../../index.js';

export type ProgressMode = 'auto' | 'tty' | 'plain' | 'json' | 'quiet';

export interface ProgressView {
  readonly onEvent: (event: ProgressEvent) => void;
  readonly onWarning: (message: string) => void;
  /** Draws the final state (a terminal block) and stops redrawing. */
  readonly finish: () => void;
}

export function progressView(mode: ProgressMode, verb: string, stream: NodeJS.WriteStream = process.stderr): ProgressView {
  // Both streams must be terminals for the live block: output is interleaved with it otherwise.
  const tty = mode === 'tty' || (mode === 'auto' && process.stderr.isTTY === true && process.stdout.isTTY === true);
  if (mode === 'quiet') return { onEvent: () => {}, onWarning: () => {}, finish: () => {} };
  if (mode === 'json') {
    return {
      onEvent: (e) => stream.write(`${JSON.stringify({ id: e.resource, status: e.state, ...(e.detail && { text: e.detail }), ...(e.state === 'Error' && { error: true }) })}\n`),
      onWarning: (message) => stream.write(`${JSON.stringify({ level: 'warning', message })}\n`),
      finish: () => {},
    };
  }
  return tty ? liveBlock(verb, stream) : plainLines(stream);
}

function plainLines(stream: NodeJS.WriteStream): ProgressView {
  return {
    onEvent: (e) => stream.write(` ${e.resource}  ${e.state}${e.state === 'Error' || e.state === 'Warning' ? `: ${e.detail ?? ''}` : ''}\n`),
    onWarning: (message) => stream.write(`WARN ${message}\n`),
    finish: () => {},
  };
}

interface Line {
  state: string;
  started: number;
  ended?: number;
  mark: string;
}

const REDRAW_MS = 100;

function liveBlock(verb: string, stream: NodeJS.WriteStream): ProgressView {
  const lines = new Map<string, Line>();
  let drawn = 0;
  let timer: NodeJS.Timeout | undefined;
  const draw = () => {
    const now = Date.now();
    const done = [...lines.values()].filter((l) => l.ended !== undefined).length;
    const width = Math.max(0, ...[...lines.keys()].map((k) => k.length));
    const text = [`[+] ${verb} ${done}/${lines.size}`, ...[...lines].map(([resource, l]) => ` ${l.mark} ${resource.padEnd(width)}  ${l.state.padEnd(9)} ${(((l.ended ?? now) - l.started) / 1000).toFixed(1)}s`)];
    stream.write(`${drawn > 0 ? `\x1b[${drawn}F` : ''}${text.map((t) => `\x1b[2K${t}\n`).join('')}`);
    drawn = text.length;
  };
  const schedule = () => {
    timer ??= setTimeout(() => {
      timer = undefined;
      draw();
    }, REDRAW_MS);
  };
  return {
    onEvent: (e) => {
      const line = lines.get(e.resource) ?? { state: e.state, started: Date.now(), mark: ' ' };
      line.state = e.state;
      if (e.done) line.ended = Date.now();
      else delete line.ended;
      line.mark = e.state === 'Error' ? '✘' : e.state === 'Warning' ? '!' : e.done ? '✔' : '⠿';
      lines.set(e.resource, line);
      schedule();
    },
    onWarning: (message) => stream.write(`WARN ${message}\n`),
    finish: () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      if (lines.size > 0) draw();
    },
  };
}
