// Ready once the container's output has said something, a number of times:
// its log is followed from the start as the supervisor appends to it.
import { ContainerNotReadyError } from '../../errors.js';
import type { WaitStrategy, WaitTarget } from './strategy.js';

export class LogMessageWait implements WaitStrategy {
  readonly description: string;

  constructor(
    private readonly message: string | RegExp,
    private readonly times: number,
  ) {
    if (!Number.isInteger(times) || times < 1) throw new RangeError(`forLogMessage: times must be a positive integer, got ${times}`);
    this.description = `log says ${String(message)}${times > 1 ? ` ${times} times` : ''}`;
  }

  /** Whether one log line says the message (a line counts once, however often it says it). */
  matches(line: string): boolean {
    if (typeof this.message === 'string') return line.includes(this.message);
    this.message.lastIndex = 0; // a /g or /y pattern keeps its position between tests
    return this.message.test(line);
  }

  async waitUntilReady(target: WaitTarget): Promise<void> {
    let seen = 0;
    // Ends the follow: enough lines seen, the container ended, or the startup timeout.
    const stop = new AbortController();
    const signal = AbortSignal.any([target.signal, stop.signal]);
    const stopped = new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    const ended = target.engine.waitFor(target.id, (v) => v.state.status === 'exited', signal).then(() => undefined, () => undefined);
    target.observe(`seen 0 of ${this.times}`);
    try {
      await target.engine.followLogsFrom(target.id, 0, Promise.race([stopped, ended]), (entry) => {
        if (seen >= this.times || !this.matches(entry.log)) return;
        seen++;
        target.observe(`seen ${seen} of ${this.times}`);
        if (seen >= this.times) stop.abort();
      });
    } finally {
      stop.abort();
    }
    if (seen >= this.times) return;
    target.signal.throwIfAborted();
    const view = target.engine.find(target.id);
    throw new ContainerNotReadyError(`the container ${view ? `exited with code ${view.state.exitCode}` : 'was removed'} after saying it ${seen} of ${this.times} times`);
  }
}
