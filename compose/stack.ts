// ComposeStack: what a test suite starts a compose project with, the way
// testcontainers' DockerComposeEnvironment does it. Each `with…` names one
// choice; `up()` brings the project up, waits until its containers are
// ready, and hands back a StartedComposeStack to test against and take down.
import type { Engine } from '../engine/engine.js';
import type { ProgressEvent } from '../planner/progress.js';
import { startStack, type StackSettings, type PullPolicy } from './stack-start.js';
import type { StartedComposeStack } from './started-stack.js';
import type { WaitStrategy } from './wait/strategy.js';

export type { PullPolicy };

// Long enough for an image's first start on a slow machine; a test that wants less says so.
const DEFAULT_STARTUP_TIMEOUT_MS = 60_000;

export class ComposeStack {
  private settings: StackSettings;

  /** `files`: one compose file or several, merged in order (docker compose's -f); relative to the working directory. */
  constructor(files: string | readonly string[]) {
    this.settings = {
      files: typeof files === 'string' ? [files] : [...files],
      environment: {},
      envFiles: [],
      profiles: [],
      services: [],
      waitStrategies: new Map(),
      startupTimeoutMs: DEFAULT_STARTUP_TIMEOUT_MS,
    };
  }

  /** The project name; by default one made unique per stack, so stacks of one file never clash. */
  withProjectName(name: string): this {
    return this.set({ projectName: name });
  }

  /** Variables for the file's interpolation, over the process's environment. */
  withEnvironment(environment: Readonly<Record<string, string>>): this {
    return this.set({ environment: { ...this.settings.environment, ...environment } });
  }

  /** An env file read instead of the project's `.env` (docker compose's --env-file); several are read in order. */
  withEnvFile(path: string): this {
    return this.set({ envFiles: [...this.settings.envFiles, path] });
  }

  withProfiles(...profiles: string[]): this {
    return this.set({ profiles: [...this.settings.profiles, ...profiles] });
  }

  /** Only these services (and what they depend on), whatever their profiles. */
  withServices(...services: string[]): this {
    return this.set({ services: [...this.settings.services, ...services] });
  }

  /** docker compose's `up --pull`: the policy every service gets instead of its own pull_policy. */
  withPullPolicy(policy: PullPolicy): this {
    return this.set({ pullPolicy: policy });
  }

  /** How long each container may take to be ready before up fails; default 60 s. */
  withStartupTimeout(ms: number): this {
    if (!Number.isFinite(ms) || ms <= 0) throw new RangeError(`withStartupTimeout: expected a positive number of milliseconds, got ${ms}`);
    return this.set({ startupTimeoutMs: ms });
  }

  /** The wait of one container (`web-1`) or of every container of a service (`web`); a container's own wins. */
  withWaitStrategy(name: string, strategy: WaitStrategy): this {
    return this.set({ waitStrategies: new Map([...this.settings.waitStrategies, [name, strategy]]) });
  }

  /** The wait of the containers not named in withWaitStrategy; by default Wait.defaultStrategy(). */
  withDefaultWaitStrategy(strategy: WaitStrategy): this {
    return this.set({ defaultWaitStrategy: strategy });
  }

  /** The engine to run on; by default one on FLOTILLA_ROOT (or /var/lib/flotilla). */
  withEngine(engine: Engine): this {
    return this.set({ engine });
  }

  /** Called with each step of up and down as it happens (what `flotilla up` shows). */
  withProgress(onEvent: (event: ProgressEvent) => void): this {
    return this.set({ onEvent });
  }

  /**
   * Brings the project up and waits for every container to be ready. When
   * one is not, what was made is taken down again and a WaitStrategyError
   * says which container and why.
   */
  up(): Promise<StartedComposeStack> {
    return startStack(this.settings);
  }

  private set(change: Partial<StackSettings>): this {
    this.settings = { ...this.settings, ...change };
    return this;
  }
}
