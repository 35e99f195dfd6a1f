// Waiting for a started stack's containers to be ready, each with its own
// strategy and the stack's startup timeout, side by side. The first that
// fails stops the others and is reported with its container and reason.
import type { Engine } from '../engine/engine.js';
import { ContainerNotReadyError, WaitStrategyError } from '../errors.js';
import type { WaitStrategy } from './wait/strategy.js';

export interface AwaitedContainer {
  readonly id: string;
  /** The engine's name (`<project>-web-1`). */
  readonly name: string;
  /** The name in the stack (`web-1`), used in reports. */
  readonly key: string;
  readonly strategy: WaitStrategy;
}

export interface ReadinessOptions {
  readonly timeoutMs: number;
  /** Cancels every wait (the stack is being taken down). */
  readonly signal?: AbortSignal;
}

// Enough of a failed container's output to see what it complained about.
const REPORTED_LOG_LINES = 20;

/** Resolves once every container is ready; throws the first WaitStrategyError. */
export async function awaitReadiness(engine: Engine, containers: readonly AwaitedContainer[], options: ReadinessOptions): Promise<void> {
  const failed = new AbortController();
  const shared = options.signal ? AbortSignal.any([options.signal, failed.signal]) : failed.signal;
  // The one that failed first is the one to report; the others were only cut short by it.
  let first: unknown;
  await Promise.allSettled(containers.map(async (container) => {
    try {
      await awaitOne(engine, container, shared, options.timeoutMs);
    } catch (err) {
      first ??= err;
      failed.abort();
    }
  }));
  if (first !== undefined) throw first;
}

async function awaitOne(engine: Engine, container: AwaitedContainer, shared: AbortSignal, timeoutMs: number): Promise<void> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = AbortSignal.any([shared, timeout]);
  let seen = 'nothing yet';
  try {
    await container.strategy.waitUntilReady({ engine, id: container.id, name: container.name, signal, observe: (what) => (seen = what) });
  } catch (err) {
    const reason = timeout.aborted
      ? `not ready within ${timeoutMs / 1000}s; last seen: ${seen}`
      : shared.aborted
        ? 'cancelled: another container failed first'
        : err instanceof ContainerNotReadyError ? err.message : `the wait failed: ${(err as Error).message ?? String(err)}`;
    throw new WaitStrategyError({ container: container.key, strategy: container.strategy.description, reason, logs: lastLines(engine, container.id) }, { cause: err });
  }
}

function lastLines(engine: Engine, id: string): string[] {
  try {
    return engine.readLogs(id, { tail: REPORTED_LOG_LINES }).map((e) => e.log.replace(/\n$/, ''));
  } catch {
    return [];
  }
}
