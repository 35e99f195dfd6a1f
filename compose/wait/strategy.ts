// What a wait strategy is, and the retry loop the ones without an engine
// event to wait on share (a port, an HTTP answer, a command's exit code).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Engine } from '../../engine/engine.js';
import { ContainerNotReadyError } from '../../errors.js';

/** The container a strategy waits on, and how it reports what it sees. */
export interface WaitTarget {
  readonly engine: Engine;
  /** Full container id. */
  readonly id: string;
  /** The engine's name of the container (`<project>-web-1`). */
  readonly name: string;
  /** Aborted when the startup timeout ends the wait. */
  readonly signal: AbortSignal;
  /** Records what the strategy saw last: the reason given when the startup timeout ends the wait. */
  observe(what: string): void;
}

/**
 * Decides when a started container is ready. `waitUntilReady` resolves once
 * it is, throws ContainerNotReadyError when it can never be, and gives up
 * when `target.signal` is aborted.
 */
export interface WaitStrategy {
  /** What it waits for, in words: `HTTP GET /health on port 80 answering 200`. */
  readonly description: string;
  waitUntilReady(target: WaitTarget): Promise<void>;
}

// Quick first retries for a service that is up in milliseconds, then a steady pace.
const FIRST_RETRY_MS = 20;
const MAX_RETRY_MS = 250;

/**
 * Calls `attempt` until it says ready (undefined); each other answer is what
 * it saw, noted on the target. Between attempts the container must still be
 * running: one that ended never opens a port or answers a request.
 */
export async function retryUntilReady(target: WaitTarget, attempt: () => Promise<string | undefined>): Promise<void> {
  for (let delay = FIRST_RETRY_MS; ; delay = Math.min(delay * 2, MAX_RETRY_MS)) {
    target.signal.throwIfAborted();
    const seen = await attempt();
    if (seen === undefined) return;
    // An attempt cut short by the timeout saw nothing: keep what the one before saw.
    target.signal.throwIfAborted();
    target.observe(seen);
    ensureRunning(target);
    await sleep(delay, undefined, { signal: target.signal });
  }
}

/** Throws ContainerNotReadyError once the container has ended or is gone. */
export function ensureRunning(target: Pick<WaitTarget, 'engine' | 'id'>): void {
  const view = target.engine.find(target.id);
  if (!view) throw new ContainerNotReadyError('the container was removed');
  if (view.state.status === 'exited') throw new ContainerNotReadyError(`the container exited with code ${view.state.exitCode}`);
}
