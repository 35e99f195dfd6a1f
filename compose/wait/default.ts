// The wait a container gets when none is named for it, as docker compose's
// --wait decides: its healthcheck when it has one, else its listening ports.
import { HealthCheckWait } from './health-check.js';
import { ListeningPortsWait } from './listening-ports.js';
import type { WaitStrategy, WaitTarget } from './strategy.js';

export class DefaultWait implements WaitStrategy {
  readonly description = 'healthcheck, or else its exposed ports';

  async waitUntilReady(target: WaitTarget): Promise<void> {
    const checked = target.engine.find(target.id)?.record.healthcheck !== undefined;
    await (checked ? new HealthCheckWait() : new ListeningPortsWait()).waitUntilReady(target);
  }
}
