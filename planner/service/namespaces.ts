// pid, ipc and uts: the container's own namespace, the host's, or another
// container's (`container:NAME`, or `service:X` for a service's container).
import type { Service } from '../../compose-schema/model.js';
import type { ContainerConfig, SharedNamespaceMode } from '../../engine/container/config.js';
import { invalidValue } from './problems.js';

export type PeerContainer = (service: string) => string;

export function namespaceModes(name: string, service: Service, peer: PeerContainer): Pick<ContainerConfig, 'pidMode' | 'ipcMode' | 'utsMode'> {
  const pidMode = sharedMode(name, 'pid', service.pid, [], peer);
  const ipcMode = sharedMode(name, 'ipc', service.ipc, ['private', 'shareable'], peer);
  if (service.uts !== undefined && service.uts !== 'host') throw invalidValue(name, `uts "${service.uts}" is not "host"`);
  return { ...(pidMode && { pidMode }), ...(ipcMode && { ipcMode }), ...(service.uts === 'host' && { utsMode: 'host' as const }) };
}

/** `own` lists the values that mean the container's own namespace. */
function sharedMode(name: string, field: string, value: string | undefined, own: readonly string[], peer: PeerContainer): SharedNamespaceMode | undefined {
  if (value === undefined || own.includes(value)) return undefined;
  if (value === 'host') return 'host';
  const target = /^(container|service):(.+)$/.exec(value);
  if (!target) throw invalidValue(name, `${field} "${value}" is not host, container:NAME or service:NAME`);
  return `container:${target[1] === 'service' ? peer(target[2]!) : target[2]!}`;
}
