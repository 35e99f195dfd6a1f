import { expect, it } from 'vitest';
import { checkSysctls } from '../../../../engine/container/sysctls.js';

it('takes namespaced keys only, and none of a namespace the container shares with the host', () => {
  expect(() => checkSysctls({ sysctls: { 'kernel.shmmax': '1', 'fs.mqueue.msg_max': '2', 'net.ipv4.ip_forward': '1' } })).not.toThrow();
  expect(() => checkSysctls({ sysctls: { 'kernel.shmmax': '1' }, ipcMode: 'host' })).toThrow(/sysctl "kernel.shmmax" cannot be set with the host's IPC namespace/);
  expect(() => checkSysctls({ sysctls: { 'net.ipv4.ip_forward': '1' }, networkMode: 'host' })).toThrow(/the host's network namespace/);
  expect(() => checkSysctls({ sysctls: { 'vm.swappiness': '1' } })).toThrow(/is not namespaced/);
});
