// `attach` as a library call: a running service container's output, from
// now until it ends, on the caller's streams.
import type { Writable } from 'node:stream';
import type { ComposeProject } from './project.js';
import { serviceContainer } from './select.js';

export interface ComposeAttachOptions {
  readonly service: string;
  /** Replica N (--index); the lowest-numbered running one when absent. */
  readonly index?: number;
  readonly stdout?: Writable;
  readonly stderr?: Writable;
  /** Told which container was attached to, before its output comes. */
  readonly onAttached?: (container: { readonly id: string; readonly name: string }) => void;
}

/** Resolves with the container's exit code once it has ended. */
export async function attach(project: ComposeProject, options: ComposeAttachOptions): Promise<number> {
  const view = serviceContainer(project, options.service, options.index !== undefined ? { index: options.index } : {});
  options.onAttached?.({ id: view.record.id, name: view.record.name });
  return project.engine.attach(view.record.id, { ...(options.stdout && { stdout: options.stdout }), ...(options.stderr && { stderr: options.stderr }) });
}
