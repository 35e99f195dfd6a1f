// `cp` as a library call: files between the host and a service's
// containers. Into a service: every container of it (stopped ones too);
// out of one: its first container, or replica --index N.
import { resolve } from 'node:path';
import { ComposeError, ComposeErrorCode, UsageError } from '../errors.js';
import type { ContainerView } from '../engine/engine.js';
import type { ComposeProject } from './project.js';
import { projectContainers, serviceContainer } from './select.js';
import { each, type ContainerEvent } from './signals.js';

export interface CopyOptions {
  /** `SERVICE:PATH` or a host path. */
  readonly source: string;
  /** `SERVICE:PATH` or a host path; exactly one of the two names a service. */
  readonly destination: string;
  /** Replica N of the service only (--index). */
  readonly index?: number;
  /** Copied into a container, files keep their host owner (-a); otherwise they belong to root. */
  readonly archive?: boolean;
  /** Containers of `run` too, when copying into a service (--all). */
  readonly oneoff?: boolean;
  readonly onEvent?: (event: ContainerEvent) => void;
}

/** Resolves with the names of the containers copied from or to. */
export async function copy(project: ComposeProject, options: CopyOptions): Promise<string[]> {
  const from = splitCopyArgument(options.source);
  const to = splitCopyArgument(options.destination);
  if (from.service !== undefined && to.service !== undefined) throw new UsageError('copying between services is not supported');
  if (from.service === undefined && to.service === undefined) throw new UsageError('one of source and destination must be SERVICE:PATH');
  const { engine } = project;
  if (from.service !== undefined) {
    const view = serviceContainer(project, from.service, { stopped: true, ...(options.index !== undefined && { index: options.index }) });
    const dest = resolve(to.path);
    return each([view], ['Copying', 'Copied'], options, (v) => engine.copyFrom(v.record.id, from.path, dest));
  }
  const service = to.service!;
  const src = resolve(from.path);
  return each(targets(project, service, options), ['Copying', 'Copied'], options, (v) => engine.copyTo(v.record.id, src, to.path, { keepOwner: options.archive === true }));
}

function targets(project: ComposeProject, service: string, options: CopyOptions): ContainerView[] {
  if (options.index !== undefined) return [serviceContainer(project, service, { stopped: true, index: options.index })];
  const views = projectContainers(project, { services: [service], stopped: true, ...(options.oneoff && { oneoff: true }) });
  if (views.length === 0) throw new ComposeError(ComposeErrorCode.NoContainer, `no container found for service "${service}"`);
  return views;
}

/** docker compose's reading: an absolute path, or one starting with `.`, or without a colon, is the host's. */
export function splitCopyArgument(arg: string): { readonly service?: string; readonly path: string } {
  if (arg.startsWith('/')) return { path: arg };
  const colon = arg.indexOf(':');
  if (colon < 0 || arg.startsWith('.')) return { path: arg };
  return { service: arg.slice(0, colon), path: arg.slice(colon + 1) };
}
