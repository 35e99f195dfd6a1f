// The wait strategies a stack's containers can be given, made through `Wait`.
import { AllWait } from './all.js';
import { DefaultWait } from './default.js';
import { HealthCheckWait } from './health-check.js';
import { HttpWait, type HttpWaitOptions } from './http.js';
import { ListeningPortsWait } from './listening-ports.js';
import { LogMessageWait } from './log-message.js';
import { OneShotWait } from './one-shot.js';
import { SuccessfulCommandWait } from './successful-command.js';
import type { WaitStrategy } from './strategy.js';

export type { WaitStrategy, WaitTarget } from './strategy.js';
export type { HttpWaitOptions } from './http.js';

export const Wait = {
  /** Its healthcheck reports healthy; fails at once when it reports unhealthy or the container has none. */
  forHealthCheck: (): WaitStrategy => new HealthCheckWait(),
  /** Every exposed port listens inside the container, and each published tcp port answers from the host. */
  forListeningPorts: (): WaitStrategy => new ListeningPortsWait(),
  /** Its output has `times` lines that contain the text (or match the pattern). */
  forLogMessage: (message: string | RegExp, times = 1): WaitStrategy => new LogMessageWait(message, times),
  /** An HTTP request to the container port answers with the expected status (and body). */
  forHttp: (path: string, port: number, options: HttpWaitOptions = {}): WaitStrategy => new HttpWait(path, port, options),
  /** A command run in the container exits with 0; a string runs through `sh -c`. */
  forSuccessfulCommand: (command: string | readonly string[]): WaitStrategy => new SuccessfulCommandWait(command),
  /** The container runs to completion with exit code 0. */
  forOneShotStartup: (): WaitStrategy => new OneShotWait(),
  /** Every one of the strategies, waited for side by side. */
  forAll: (...strategies: readonly WaitStrategy[]): WaitStrategy => new AllWait(strategies),
  /** What a container gets when no strategy is named for it: its healthcheck if it has one, else its listening ports. */
  defaultStrategy: (): WaitStrategy => new DefaultWait(),
} as const;
