// Retries of transient failures with exponential backoff and jitter: a reset
// connection, a timeout, a 5xx or a 429. Anything else is final at once.
import { setTimeout as sleep } from 'node:timers/promises';
import { RegistryError, RegistryErrorCode } from '../../errors.js';

export interface RetryPolicy {
  /** Tries in all, the first included. */
  readonly attempts: number;
  /** Delay before the second try; doubled for each later one. */
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseDelayMs: 200, maxDelayMs: 5_000 };

/** The wait before try `attempt` (2, 3, …): doubling from the base, capped, with up to 25% taken off at random so parallel downloads do not retry in step. */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number = Math.random): number {
  const full = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attempt - 2));
  return Math.round(full * (1 - 0.25 * random()));
}

/** A failure worth another try: the connection, not the request, went wrong. */
export function isTransient(err: unknown): boolean {
  if (err instanceof TransientError) return true;
  if (err instanceof RegistryError) return err.code === RegistryErrorCode.Unreachable;
  const code = (err as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'ECONNABORTED', 'EAI_AGAIN', 'ERR_STREAM_PREMATURE_CLOSE', 'UND_ERR_SOCKET'].includes(code);
}

/** Thrown by a try that may succeed if repeated (a 503, a body cut short). */
export class TransientError extends Error {}

export interface RetryHooks {
  readonly signal?: AbortSignal;
  /** Told before each wait, with the failure that caused it. */
  readonly onRetry?: (attempt: number, err: unknown) => void;
}

/** Runs `work` (given the try number, from 1) until it succeeds, fails for good, or the tries are spent. */
export async function withRetries<T>(policy: RetryPolicy, work: (attempt: number) => Promise<T>, hooks: RetryHooks = {}): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work(attempt);
    } catch (err) {
      if (attempt >= policy.attempts || !isTransient(err) || hooks.signal?.aborted) throw err;
      hooks.onRetry?.(attempt + 1, err);
      await sleep(backoffDelay(policy, attempt + 1), undefined, hooks.signal ? { signal: hooks.signal } : undefined);
    }
  }
}
