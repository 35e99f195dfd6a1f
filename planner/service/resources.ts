// A service's limits in every form compose has for them (mem_limit and
// deploy.resources.limits.memory, cpus and cpu_quota…) → the engine's
// CgroupLimits, plus ulimits and devices.
import type { Service } from '../../compose-schema/model.js';
import type { CgroupLimits } from '../../engine/cgroups/index.js';
import type { DeviceMapping, Ulimit } from '../../engine/container/config.js';
import { unsupported } from './problems.js';

/**
 * deploy.resources wins over the service-level field it shadows, as in
 * docker compose; a zero there means "not set". Reserved CPUs have no
 * cgroup meaning without a scheduler, and docker compose ignores them too.
 */
export function cgroupLimits(service: Service): CgroupLimits {
  const limits = service.deploy?.resources?.limits;
  const reservations = service.deploy?.resources?.reservations;
  const given = (value: number | undefined) => (value === 0 ? undefined : value);
  const all: CgroupLimits = {
    memory: given(limits?.memory) ?? service.mem_limit,
    memorySwap: service.memswap_limit,
    memoryReservation: given(reservations?.memory) ?? service.mem_reservation,
    cpus: given(limits?.cpus) ?? given(service.cpus),
    cpuShares: service.cpu_shares,
    cpuQuota: service.cpu_quota,
    cpuPeriod: service.cpu_period,
    cpusetCpus: service.cpuset,
    pidsLimit: given(limits?.pids) ?? given(service.pids_limit),
  };
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as CgroupLimits;
}

export function ulimits(service: Service): Ulimit[] {
  return Object.entries(service.ulimits ?? {}).map(([name, { soft, hard }]) => ({ name, soft, hard }));
}

/** Host device paths only: a CDI name (`vendor.com/gpu=all`) needs a CDI registry Flotilla does not have. */
export function devices(name: string, service: Service): DeviceMapping[] {
  return (service.devices ?? []).map((device, i) => {
    if (!device.source.startsWith('/')) throw unsupported(name, `devices[${i}] "${device.source}"`, 'only host device paths such as /dev/fuse are');
    return { hostPath: device.source, containerPath: device.target || device.source, permissions: device.permissions ?? 'rwm' };
  });
}
