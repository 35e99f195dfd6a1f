// Progress of long work (loading and unpacking layers) on stderr: a bar per
// item redrawn in place on a terminal, one plain line per finished item
// otherwise, so logs of CI runs stay readable.
import { humanSize } from './units.js';

export interface ProgressSink {
  /** `label` overrides the sink's own for this item's line (`Already exists`, `Pull complete`). */
  update(item: string, done: number, total: number, finished: boolean, label?: string): void;
  /** Ends the current line on a terminal. */
  finish(): void;
}

const BAR_WIDTH = 40;

export function progressSink(label: string, stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  return stream.isTTY ? new TerminalProgress(label, stream) : new PlainProgress(label, stream);
}

class TerminalProgress implements ProgressSink {
  private current: string | undefined;
  private lastDraw = 0;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream,
  ) {}

  update(item: string, done: number, total: number, _finished?: boolean, label = this.label): void {
    if (item !== this.current) {
      if (this.current !== undefined) this.stream.write('\n');
      this.current = item;
    }
    // Redraw at most every 50 ms, and always at the end.
    const now = Date.now();
    if (done < total && now - this.lastDraw < 50) return;
    this.lastDraw = now;
    const filled = total > 0 ? Math.min(BAR_WIDTH, Math.floor((done / total) * BAR_WIDTH)) : BAR_WIDTH;
    const bar = `${'='.repeat(Math.max(0, filled - 1))}${filled > 0 && filled < BAR_WIDTH ? '>' : filled === BAR_WIDTH ? '=' : ''}`.padEnd(BAR_WIDTH);
    this.stream.write(`\r\x1b[K${shortDigest(item)}: ${label} [${bar}] ${humanSize(done)}/${humanSize(total)}`);
  }

  finish(): void {
    if (this.current !== undefined) this.stream.write('\n');
    this.current = undefined;
  }
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
