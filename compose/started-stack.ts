// A stack that is up and ready: its containers by name, and its teardown,
// which `await using` runs when the test's scope ends.
import { StackError, StackErrorCode } from '../errors.js';
import { down, stop } from './lifecycle.js';
import type { ComposeProject } from './project.js';
import type { StackContainer } from './stack-container.js';
import type { StackOwnership } from './stack-ownership.js';

export interface StackDownOptions {
  /** Seconds a container gets between the stop signal and SIGKILL; default 0, a test stack has nothing to save. */
  readonly timeout?: number;
  /** Remove the project's named and anonymous volumes too; default true, so the next stack starts empty. */
  readonly removeVolumes?: boolean;
}

export class StartedComposeStack implements AsyncDisposable {
  private closed = false;

  constructor(
    /** The project as opened: its model, and the engine it runs on. */
    readonly project: ComposeProject,
    /** By name in the stack (`web-1`), in service then number order. */
    private readonly containers: ReadonlyMap<string, StackContainer>,
    private readonly ownership: StackOwnership,
  ) {}

  get name(): string {
    return this.project.name;
  }

  /**
   * A container by its name in the stack (`web-1`), its engine name
   * (`<project>-web-1`), or its service's name when the service has one.
   */
  getContainer(name: string): StackContainer {
    const found = this.containers.get(name)
      ?? [...this.containers.values()].find((c) => c.getName() === name)
      ?? this.onlyReplicaOf(name);
    if (found) return found;
    throw new StackError(StackErrorCode.NotFound, `stack ${this.name} has no container ${name}`, { hint: `its containers: ${[...this.containers.keys()].join(', ') || 'none'}` });
  }

  /** Every container of the stack, in service then number order. */
  getContainers(): StackContainer[] {
    return [...this.containers.values()];
  }

  /** Stops every container, keeping them (and the stack's ownership) for a later down. */
  async stop(options: Pick<StackDownOptions, 'timeout'> = {}): Promise<void> {
    this.ensureOpen();
    await stop(this.project, options.timeout !== undefined ? { timeout: options.timeout } : {});
  }

  /** Removes the stack's containers, networks and (by default) volumes; calling it again does nothing. */
  async down(options: StackDownOptions = {}): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    let failed = true;
    try {
      await down(this.project, {
        volumes: options.removeVolumes ?? true,
        removeOrphans: true,
        timeout: options.timeout ?? 0,
        disabledServices: this.project.loaded.disabledServices,
      });
      failed = false;
    } finally {
      // A down that failed half way is finished by the next stack, as a dead one's would be.
      await this.ownership.release({ reclaimLater: failed });
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.down();
  }

  private onlyReplicaOf(service: string): StackContainer | undefined {
    const replicas = [...this.containers.values()].filter((c) => c.getServiceName() === service);
    if (replicas.length > 1) {
      throw new StackError(StackErrorCode.NotFound, `service ${service} of stack ${this.name} has ${replicas.length} containers`, {
        hint: `name one: ${replicas.map((c) => c.getName().slice(this.name.length + 1)).join(', ')}`,
      });
    }
    return replicas[0];
  }

  private ensureOpen(): void {
    if (this.closed) throw new StackError(StackErrorCode.Closed, `stack ${this.name} was taken down`);
  }
}
