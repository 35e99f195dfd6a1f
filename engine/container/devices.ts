// docker's --device: a host device node bound into the container, and, where
// a v1 device cgroup filters what the container may open, a rule that lets
// it (`c 1:11 rw`). The node is looked up at every start, so a device that
// came back with other numbers is still the one given.
import { statSync } from 'node:fs';
import { EngineError, EngineErrorCode } from '../../errors.js';
import type { DeviceMapping } from './config.js';
import type { SpecRecord } from './spec.js';

export interface ResolvedDevice {
  readonly mapping: DeviceMapping;
  /** The device cgroup rule: type, major:minor and the permissions. */
  readonly rule: string;
}

export function resolveDevices(devices: readonly DeviceMapping[]): ResolvedDevice[] {
  return devices.map((mapping) => {
    let stat;
    try {
      stat = statSync(mapping.hostPath, { bigint: true });
    } catch (err) {
      throw new EngineError(EngineErrorCode.InvalidConfig, `device ${mapping.hostPath}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file on the host' : (err as Error).message}`);
    }
    if (!stat.isCharacterDevice() && !stat.isBlockDevice()) throw new EngineError(EngineErrorCode.InvalidConfig, `device ${mapping.hostPath}: not a device node`);
    // Linux's dev_t: 12 bits of major and 20 of minor, split across the word.
    const rdev = stat.rdev;
    const major = Number(((rdev >> 8n) & 0xfffn) | ((rdev >> 32n) & ~0xfffn));
    const minor = Number((rdev & 0xffn) | ((rdev >> 12n) & ~0xffn));
    return { mapping, rule: `${stat.isCharacterDevice() ? 'c' : 'b'} ${major}:${minor} ${mapping.permissions}` };
  });
}

/** The binds that put the devices in the container's /dev (after its own nodes are made). */
export function deviceBinds(devices: readonly ResolvedDevice[]): SpecRecord[] {
  return devices.map(({ mapping }): SpecRecord => ['bind', mapping.hostPath, mapping.containerPath, 'rw']);
}
