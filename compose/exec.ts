// `exec` as a library call: a command in one of a service's running
// containers (the lowest-numbered one, or --index N), with the caller's
// streams.
import type { Readable, Writable } from 'node:stream';
import type { ComposeProject } from './project.js';
import { serviceContainer } from './select.js';

export interface ComposeExecOptions {
  readonly service: string;
  readonly command: readonly string[];
  /** Replica N of the service (--index); the lowest-numbered running one when absent. */
  readonly index?: number;
  /** KEY=VALUE entries over the container's environment. */
  readonly env?: readonly string[];
  readonly user?: string;
  readonly workingDir?: string;
  readonly privileged?: boolean;
  /** Start the command and return at once, without its output. */
  readonly detach?: boolean;
  /** Give the command a terminal, relayed to the caller's streams. */
  readonly tty?: boolean;
  /** Give the command `stdin`; without it, it reads nothing. */
  readonly interactive?: boolean;
  readonly stdin?: Readable;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
}

export interface ComposeExecResult {
  /** The container the command ran in. */
  readonly container: string;
  /** The command's exit code (0 when detached). */
  readonly exitCode: number;
}

export async function exec(project: ComposeProject, options: ComposeExecOptions): Promise<ComposeExecResult> {
  const view = serviceContainer(project, options.service, options.index !== undefined ? { index: options.index } : {});
  const { stdin, stdout, stderr } = options;
  const exitCode = await project.engine.exec(view.record.id, {
    cmd: options.command,
    ...(options.env && { env: options.env }),
    ...(options.user !== undefined && { user: options.user }),
    ...(options.workingDir !== undefined && { workingDir: options.workingDir }),
    ...(options.privileged && { privileged: true }),
    ...(options.detach && { detach: true }),
    ...(options.tty && { tty: true }),
    ...(options.interactive && { interactive: true }),
    ...(!options.detach && (options.interactive || options.tty) && stdin && { stdin }),
    ...(!options.detach && stdout && { stdout }),
    ...(!options.detach && stderr && { stderr }),
  });
  return { container: view.record.name, exitCode };
}
