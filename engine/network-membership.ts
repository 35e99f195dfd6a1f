// docker network connect / disconnect: a container's membership of a
// network, live on a running container and kept in its record, so every
// later start joins the same networks (after the ones it already had).
import { EngineError, EngineErrorCode } from '../errors.js';
import type { NetworkAttachmentConfig } from './container/config.js';
import { updateContainerNetworks } from './container/networks.js';
import { findContainer } from './container/store.js';

type Env = Readonly<Record<string, string | undefined>>;
type Networking = typeof import('../networking/index.js');

export interface ConnectOptions {
  readonly aliases?: readonly string[];
  readonly ipv4Address?: string;
}

export interface DisconnectOptions {
  /** A container that is not on the network is not an error. */
  readonly force?: boolean;
}

/** A container configured with no network is on the default one. */
function configured(current: readonly NetworkAttachmentConfig[], networking: Networking): readonly NetworkAttachmentConfig[] {
  return current.length > 0 ? current : [{ network: networking.DEFAULT_NETWORK }];
}

export async function connectNetwork(root: string, env: Env, networking: Networking, networkName: string, container: string, options: ConnectOptions): Promise<void> {
  const network = networking.findNetwork(root, networkName);
  const request = { network: network.name, ...(options.aliases && { aliases: options.aliases }), ...(options.ipv4Address !== undefined && { ipv4Address: options.ipv4Address }) };
  const before = findContainer(root, container);
  if ((before.record.config.networks ?? []).some((n) => n.network === network.name || n.network === network.id)) {
    throw new EngineError(EngineErrorCode.Conflict, `container ${before.record.name} is already connected to network ${network.name}`);
  }
  if (before.state.status === 'running') await networking.connectRunning(root, networking.networkSpec(before), request, env);
  await updateContainerNetworks(root, container, (current) => [...configured(current, networking), request]);
}

export async function disconnectNetwork(root: string, env: Env, networking: Networking, networkName: string, container: string, options: DisconnectOptions): Promise<void> {
  const network = networking.findNetwork(root, networkName);
  const view = findContainer(root, container);
  const on = (n: NetworkAttachmentConfig) => n.network === network.name || n.network === network.id;
  const inRecord = configured(view.record.config.networks ?? [], networking).some(on);
  const live = view.state.status === 'running' ? await networking.disconnectRunning(root, view.record.id, network.id, env) : false;
  if (!inRecord && !live) {
    if (options.force) return;
    throw new EngineError(EngineErrorCode.NotFound, `container ${view.record.name} is not connected to network ${network.name}`);
  }
  await updateContainerNetworks(root, container, (current) => configured(current, networking).filter((n) => !on(n)));
}
