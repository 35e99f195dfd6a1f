// Ready once the container has run to completion with exit code 0: a
// migration, a seed job, anything that must finish before the tests start.
import { ContainerNotReadyError } from '../../errors.js';
import { verdict } from '../../planner/waits.js';
import type { WaitStrategy, WaitTarget } from './strategy.js';

export class OneShotWait implements WaitStrategy {
  readonly description = 'exits with code 0';

  async waitUntilReady(target: WaitTarget): Promise<void> {
    target.observe('still running');
    let outcome: ReturnType<typeof verdict>;
    const view = await target.engine.waitFor(target.id, (v) => (outcome = verdict('WaitCompleted', v)) !== undefined, target.signal);
    if (!view) throw new ContainerNotReadyError('the container was removed');
    if (!outcome!.ok) throw new ContainerNotReadyError(`it exited with code ${view.state.exitCode}`);
  }
}
