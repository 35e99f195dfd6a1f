// Ready once the container's healthcheck reports healthy: woken by the
// supervisor's health writes, not by polling.
import { ContainerNotReadyError } from '../../errors.js';
import { verdict } from '../../planner/waits.js';
import type { WaitStrategy, WaitTarget } from './strategy.js';

export class HealthCheckWait implements WaitStrategy {
  readonly description = 'healthcheck reports healthy';

  async waitUntilReady(target: WaitTarget): Promise<void> {
    let outcome: ReturnType<typeof verdict>;
    const view = await target.engine.waitFor(target.id, (v) => {
      outcome = verdict('WaitHealthy', v);
      if (outcome === undefined) target.observe(`health is ${v.health?.Status ?? 'starting'}${lastProbe(v.health?.Log)}`);
      return outcome !== undefined;
    }, target.signal);
    if (!view) throw new ContainerNotReadyError('the container was removed');
    if (!outcome!.ok) throw new ContainerNotReadyError(`${outcome!.why}${lastProbe(view.health?.Log)}`);
  }
}

/** The last probe's output, which usually says why it failed. */
function lastProbe(log: readonly { ExitCode: number; Output: string }[] | undefined): string {
  const probe = log?.at(-1);
  if (!probe || probe.ExitCode === 0) return '';
  const output = probe.Output.trim();
  return `; last probe exited ${probe.ExitCode}${output ? `: ${output}` : ''}`;
}
