// Progress of long work (loading, unpacking, pulling layers) on stderr: a
// bar per item, all of them redrawn in place on a terminal, one plain line
// per finished item otherwise, so logs of CI runs stay readable.
import { humanSize } from './units.js';

export interface ProgressSink {
  /** `label` overrides the sink's own for this item's line (`Already exists`, `Pull complete`). */
  update(item: string, done: number, total: number, finished: boolean, label?: string): void;
  /** Draws the last state on a terminal. */
  finish(): void;
}

const BAR_WIDTH = 40;

export function progressSink(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  return stream.isTTY ? new TerminalProgress(label, stream) : new PlainProgress(label, stream);
}

/**
 * A line per item (layers download in parallel), the whole block redrawn in
 * place at most every 50 ms and whenever an item finishes.
 */
class TerminalProgress implements ProgressSink {
  private readonly lines = new Map<string, string>();
  private drawn = 0;
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly stream: Pick<NodeJS.WriteStream, 'write'>,
  ) {}

  update(item: string, done: number, total: number, finished = false, label = this.label): void {
    this.lines.set(item, barLine(item, done, total, label));
    const now = Date.now();
    if (!finished && done < total && now - this.lastDraw < 50) return;
    this.lastDraw = now;
    this.draw();
  }

  finish(): void {
    if (this.lines.size > 0) this.draw();
    this.lines.clear();
    this.drawn = 0;
  }

  private draw(): void {
    const up = this.drawn > 0 ? `\x1b[${this.drawn}F` : '';
    this.stream.write(`${up}${[...this.lines.values()].map((line) => `\x1b[2K${line}\n`).join('')}`);
    this.drawn = this.lines.size;
  }
}

/** `0123456789ab: Downloading [=====>    ] 1.2MB/3.4MB`. */
export function barLine(item: string, done: number, total: number, label: string): string {
  const filled = total > 0 ? Math.min(BAR_WIDTH, Math.floor((done / total) * BAR_WIDTH)) : BAR_WIDTH;
  const bar = `${'='.repeat(Math.max(0, filled - 1))}${filled > 0 && filled < BAR_WIDTH ? '>' : filled === BAR_WIDTH ? '=' : ''}`.padEnd(BAR_WIDTH);
  return `${shortDigest(item)}: ${label} [${bar}] ${humanSize(done)}/${humanSize(total)}`;
}

/** The terminal form, for a stream the caller knows to be one. */
export function terminalProgress(label: string, stream: Pick<NodeJS.WriteStream, 'write'>): ProgressSink {
  return new TerminalProgress(label, stream);
}

class PlainProgress implements ProgressSink {
  private readonly reported = new Set<string>();

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream,
  ) {}

  update(item: string, _done: number, total: number, finished: boolean, label?: string): void {
    if (!finished || this.reported.has(item)) return;
    this.reported.add(item);
    this.stream.write(label === undefined ? `${shortDigest(item)}: ${this.label} ${humanSize(total)} done\n` : `${shortDigest(item)}: ${label}\n`);
  }

  finish(): void {}
}

function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}
