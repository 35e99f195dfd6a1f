// Ready once a command run in the container exits with 0 (a client that
// pings its server, a file that must exist). Needs the command in the image.
import { PassThrough } from 'node:stream';
import { retryUntilReady, type WaitStrategy, type WaitTarget } from './strategy.js';

// The output kept for the report of a failed attempt.
const KEPT_OUTPUT_CHARS = 200;

export class SuccessfulCommandWait implements WaitStrategy {
  readonly description: string;
  private readonly cmd: readonly string[];

  /** A string runs through `sh -c`; an array runs as it is. */
  constructor(command: string | readonly string[]) {
    this.cmd = typeof command === 'string' ? ['sh', '-c', command] : command;
    if (this.cmd.length === 0) throw new RangeError('forSuccessfulCommand: the command is empty');
    this.description = `\`${typeof command === 'string' ? command : command.join(' ')}\` succeeds`;
  }

  async waitUntilReady(target: WaitTarget): Promise<void> {
    await retryUntilReady(target, async () => {
      const output: Buffer[] = [];
      const sink = new PassThrough().on('data', (chunk: Buffer) => output.push(chunk));
      try {
        const code = await target.engine.exec(target.id, { cmd: this.cmd, stdout: sink, stderr: sink });
        if (code === 0) return undefined;
        const text = Buffer.concat(output).toString('utf8').trim().slice(-KEPT_OUTPUT_CHARS);
        return `it exited with code ${code}${text ? `: ${text}` : ''}`;
      } catch (err) {
        return (err as Error).message;
      }
    });
  }
}
