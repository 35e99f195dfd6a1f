// `port` as a library call: where on the host a service container's port
// is published.
import { ComposeError, ComposeErrorCode } from '../errors.js';
import type { ComposeProject } from './project.js';
import { serviceContainer } from './select.js';

export interface PortOptions {
  readonly service: string;
  readonly privatePort: number;
  /** tcp when absent. */
  readonly protocol?: 'tcp' | 'udp';
  /** Replica N (--index); the lowest-numbered running one when absent. */
  readonly index?: number;
}

export interface PublishedAddress {
  readonly hostIp: string;
  readonly hostPort: number;
}

/** The host address of the port; throws FLOTILLA_COMPOSE_PORT_NOT_PUBLISHED when the container does not publish it. */
export async function port(project: ComposeProject, options: PortOptions): Promise<PublishedAddress> {
  const view = serviceContainer(project, options.service, options.index !== undefined ? { index: options.index } : {});
  const protocol = options.protocol ?? 'tcp';
  const published = (await project.engine.publishedPorts(view.record.id)).find((p) => p.containerPort === options.privatePort && p.protocol === protocol);
  if (!published) throw new ComposeError(ComposeErrorCode.PortNotPublished, `no port ${options.privatePort}/${protocol} for container ${view.record.name}`);
  return { hostIp: published.hostIp === '' ? '0.0.0.0' : published.hostIp, hostPort: published.hostPort };
}
