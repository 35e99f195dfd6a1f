// The networks a container is configured to join (docker network
// connect/disconnect change them): kept in its record, under its lock, so
// the next start joins the same ones.
import { EngineError, EngineErrorCode } from '../../errors.js';
import { withLock } from '../../state/lock.js';
import { lockPath } from '../../state/paths.js';
import type { NetworkAttachmentConfig } from './config.js';
import { writeRecord } from './record.js';
import { findContainer, type ContainerView } from './store.js';

export async function updateContainerNetworks(
  root: string,
  nameOrId: string,
  update: (current: readonly NetworkAttachmentConfig[], view: ContainerView) => readonly NetworkAttachmentConfig[],
): Promise<ContainerView> {
  const { record } = findContainer(root, nameOrId);
  return withLock(lockPath(root, `container-${record.id}`), `container ${record.name}`, () => {
    const view = findContainer(root, record.id);
    if (view.record.config.networkMode !== 'bridge') {
      throw new EngineError(EngineErrorCode.InvalidConfig, `container ${view.record.name} uses network mode ${view.record.config.networkMode ?? 'none'}: it cannot join networks`);
    }
    const networks = update(view.record.config.networks ?? [], view);
    const next = { ...view.record, config: { ...view.record.config, networks } };
    writeRecord(view.paths.record, next);
    return { ...view, record: next };
  });
}
