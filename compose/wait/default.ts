// The wait a container gets when none is named for it, as docker compose's
// --wait decides: its healthcheck when it has one, else its listening ports;
// a one-shot that already did its job is ready too.
import { ContainerNotReadyError } from '../../errors.js';
import { HealthCheckWait } from './health-check.js';
import { ListeningPortsWait } from './listening-ports.js';
import type { WaitStrategy, WaitTarget } from './strategy.js';

export class DefaultWait implements WaitStrategy {
  readonly description = 'healthcheck, or else its exposed ports';

  async waitUntilReady(target: WaitTarget): Promise<void> {
    const view = target.engine.find(target.id);
    if (!view) throw new ContainerNotReadyError('the container was removed');
    if (view.state.status === 'exited') {
      if (view.state.exitCode === 0) return;
      throw new ContainerNotReadyError(`the container exited with code ${view.state.exitCode}`);
    }
    await (view.record.healthcheck !== undefined ? new HealthCheckWait() : new ListeningPortsWait()).waitUntilReady(target);
  }
}
