// depends_on conditions and --wait, decided from a container's observed state
// each time the engine reports a change: no polling interval between checks.
import { FlotillaError } from '../errors.js';
import type { ContainerView, Engine } from '../engine/engine.js';
import type { ActionKind } from './plan.js';

export type WaitKind = Extract<ActionKind, 'WaitHealthy' | 'WaitCompleted' | 'WaitReady'>;

/** The wait's outcome for one state: still waiting (undefined), met, or failed with why. */
export type Verdict = undefined | { readonly ok: true; readonly word: 'Healthy' | 'Running' | 'Exited' } | { readonly ok: false; readonly why: string };

export function verdict(kind: WaitKind, view: ContainerView): Verdict {
  const { status, exitCode } = view.state;
  const health = view.health?.Status;
  const checked = view.record.healthcheck !== undefined;
  const exited = status === 'exited';
  switch (kind) {
    case 'WaitHealthy':
      if (!checked) return { ok: false, why: `container ${view.record.name} has no healthcheck configured` };
      if (health === 'healthy' && status === 'running') return { ok: true, word: 'Healthy' };
      if (health === 'unhealthy') return { ok: false, why: `container ${view.record.name} is unhealthy` };
      // Ended before a probe passed: it never becomes healthy, so say so now.
      if (exited) return { ok: false, why: `container ${view.record.name} exited (${exitCode}) before it was healthy` };
      return undefined;
    case 'WaitCompleted':
      if (!exited) return undefined;
      return exitCode === 0 ? { ok: true, word: 'Exited' } : { ok: false, why: `container ${view.record.name} didn't complete successfully: exit ${exitCode}` };
    case 'WaitReady':
      // A one-shot that did its job is ready too.
      if (exited) return exitCode === 0 ? { ok: true, word: 'Exited' } : { ok: false, why: `container ${view.record.name} exited with code ${exitCode}` };
      if (!checked) return status === 'running' ? { ok: true, word: 'Running' } : undefined;
      if (health === 'healthy') return { ok: true, word: 'Healthy' };
      if (health === 'unhealthy') return { ok: false, why: `container ${view.record.name} is unhealthy` };
      return undefined;
  }
}

/** Resolves with the word to show once the condition holds; throws when it cannot any more, or after timeoutMs. */
export async function waitForCondition(engine: Pick<Engine, 'waitFor' | 'find'>, kind: WaitKind, id: string, options: { signal?: AbortSignal; timeoutMs?: number } = {}): Promise<string> {
  const signals = [options.signal, options.timeoutMs !== undefined ? AbortSignal.timeout(options.timeoutMs) : undefined].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length > 0 ? AbortSignal.any(signals) : undefined;
  let result: Verdict;
  try {
    const view = await engine.waitFor(id, (v) => (result = verdict(kind, v)) !== undefined, signal);
    if (!view) throw new FlotillaError('FLOTILLA_ENGINE_NOT_FOUND', `container ${id.slice(0, 12)} was removed while waited for`);
  } catch (err) {
    if (options.timeoutMs !== undefined && (err as Error)?.name === 'TimeoutError') {
      throw new FlotillaError('FLOTILLA_WAIT_TIMEOUT', `container ${engine.find(id)?.record.name ?? id.slice(0, 12)} was not ready within ${options.timeoutMs / 1000}s`);
    }
    throw err;
  }
  const outcome = result!;
  if (!outcome.ok) throw new FlotillaError('FLOTILLA_DEPENDENCY_FAILED', outcome.why);
  return outcome.word;
}
