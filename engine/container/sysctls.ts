// Which sysctls a container may set: only those the kernel namespaces, as
// Docker allows (IPC keys with a private IPC namespace, network keys with a
// private network namespace). Anything else would change the host.
import { EngineError, EngineErrorCode } from '../../errors.js';
import type { ContainerConfig } from './config.js';

const IPC_KEYS = new Set(['kernel.msgmax', 'kernel.msgmnb', 'kernel.msgmni', 'kernel.sem', 'kernel.shmall', 'kernel.shmmax', 'kernel.shmmni', 'kernel.shm_rmid_forced']);

export function checkSysctls(config: Pick<ContainerConfig, 'sysctls' | 'networkMode' | 'ipcMode'>): void {
  for (const key of Object.keys(config.sysctls ?? {})) {
    if (IPC_KEYS.has(key) || key.startsWith('fs.mqueue.')) {
      if (config.ipcMode) throw new EngineError(EngineErrorCode.InvalidConfig, `sysctl "${key}" cannot be set with ${config.ipcMode === 'host' ? "the host's" : 'a shared'} IPC namespace`);
      continue;
    }
    if (key.startsWith('net.')) {
      if (config.networkMode === 'host') throw new EngineError(EngineErrorCode.InvalidConfig, `sysctl "${key}" cannot be set with the host's network namespace`);
      continue;
    }
    throw new EngineError(EngineErrorCode.InvalidConfig, `sysctl "${key}" is not namespaced: a container may set only kernel IPC, fs.mqueue and net keys`);
  }
}
