// Ready once every one of several strategies is: they wait side by side, and
// the first that fails ends the wait with its reason.
import type { WaitStrategy, WaitTarget } from './strategy.js';

export class AllWait implements WaitStrategy {
  readonly description: string;

  constructor(private readonly strategies: readonly WaitStrategy[]) {
    this.description = strategies.map((s) => s.description).join(' and ');
  }

  async waitUntilReady(target: WaitTarget): Promise<void> {
    // One abort for all: when one fails, the others stop waiting too.
    const stop = new AbortController();
    const signal = AbortSignal.any([target.signal, stop.signal]);
    // What each strategy still waiting saw last, so a timeout names the ones that were not ready.
    const pending = new Map(this.strategies.map((s, index) => [index, 'waiting']));
    const report = () => target.observe([...pending].map(([index, seen]) => `${this.strategies[index]!.description}: ${seen}`).join('; '));
    const waits = this.strategies.map(async (strategy, index) => {
      const own: WaitTarget = {
        ...target,
        signal,
        observe: (what) => {
          pending.set(index, what);
          report();
        },
      };
      await strategy.waitUntilReady(own);
      pending.delete(index);
      report();
    });
    try {
      await Promise.all(waits);
    } catch (err) {
      stop.abort();
      await Promise.allSettled(waits);
      throw err;
    }
  }
}
