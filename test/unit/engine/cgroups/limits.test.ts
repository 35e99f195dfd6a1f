import { describe, expect, it } from 'vitest';
import { DEFAULT_DEVICE_RULES, v1DeviceWrites } from '../../../../engine/cgroups/devices.js';
import { sharesToWeight, v1Writes, v2Writes, type CgroupLimits, type CgroupWrite } from '../../../../engine/cgroups/limits.js';

const MiB = 1024 * 1024;

/** The writes as `file=value` strings, optional ones marked with `?`. */
function flat(writes: CgroupWrite[]): string[] {
  return writes.map((w) => `${w.file}=${w.value}${w.optional ? '?' : ''}`);
}

describe('cpu limits', () => {
  it('turns cpus 1.5 into a CFS quota of 150000 per 100000µs period', () => {
    expect(flat(v1Writes({ cpus: 1.5 }))).toEqual(['cpu.cfs_period_us=100000', 'cpu.cfs_quota_us=150000']);
    expect(flat(v2Writes({ cpus: 1.5 }))).toEqual(['cpu.max=150000 100000']);
    expect(flat(v2Writes({ cpus: 0.01 }))).toEqual(['cpu.max=1000 100000']);
  });

  it('passes cpu_quota and cpu_period through, unlimited quota as max on v2', () => {
    expect(flat(v1Writes({ cpuQuota: 50000, cpuPeriod: 200000 }))).toEqual(['cpu.cfs_period_us=200000', 'cpu.cfs_quota_us=50000']);
    expect(flat(v2Writes({ cpuQuota: 50000 }))).toEqual(['cpu.max=50000 100000']);
    expect(flat(v2Writes({ cpuPeriod: 50000 }))).toEqual(['cpu.max=max 50000']);
    expect(flat(v2Writes({ cpuQuota: -1, cpuPeriod: 50000 }))).toEqual(['cpu.max=max 50000']);
  });

  it('converts shares to weight as runc does: 1024 → 39, 2 → 1, 262144 → 10000', () => {
    expect(sharesToWeight(1024)).toBe(39);
    expect(sharesToWeight(2)).toBe(1);
    expect(sharesToWeight(262144)).toBe(10000);
    expect(sharesToWeight(512)).toBe(20);
    expect(flat(v1Writes({ cpuShares: 1024 }))).toEqual(['cpu.shares=1024']);
    expect(flat(v2Writes({ cpuShares: 1024 }))).toEqual(['cpu.weight=39']);
  });

  it('clamps shares into 2..262144 like the v1 kernel', () => {
    expect(flat(v1Writes({ cpuShares: 1 }))).toEqual(['cpu.shares=2']);
    expect(flat(v2Writes({ cpuShares: 1_000_000 }))).toEqual(['cpu.weight=10000']);
  });

  it('rejects cpus together with a quota or period, and nonsense periods', () => {
    expect(() => v1Writes({ cpus: 1, cpuQuota: 1000 })).toThrow(/cpus conflicts with cpu_quota/);
    expect(() => v2Writes({ cpuPeriod: 10 })).toThrow(/cpu_period must be between/);
    expect(() => v2Writes({ cpus: -1 })).toThrow(expect.objectContaining({ code: 'FLOTILLA_ENGINE_INVALID_CONFIG' }));
  });

  it('writes cpusets as given', () => {
    expect(flat(v2Writes({ cpusetCpus: '0-1', cpusetMems: '0' }))).toEqual(['cpuset.cpus=0-1', 'cpuset.mems=0']);
  });
});

describe('memory limits', () => {
  it('lets the container swap as much as its memory when memswap is unset, as docker does', () => {
    expect(flat(v1Writes({ memory: 32 * MiB }))).toEqual([`memory.limit_in_bytes=${32 * MiB}`, `memory.memsw.limit_in_bytes=${64 * MiB}?`]);
    expect(flat(v2Writes({ memory: 32 * MiB }))).toEqual([`memory.max=${32 * MiB}`, `memory.swap.max=${32 * MiB}?`]);
  });

  it('takes memswap as memory + swap: equal means no swap, -1 means unlimited swap', () => {
    expect(flat(v1Writes({ memory: 32 * MiB, memorySwap: 32 * MiB }))[1]).toBe(`memory.memsw.limit_in_bytes=${32 * MiB}?`);
    expect(flat(v2Writes({ memory: 32 * MiB, memorySwap: 32 * MiB }))[1]).toBe('memory.swap.max=0?');
    expect(flat(v2Writes({ memory: 32 * MiB, memorySwap: 48 * MiB }))[1]).toBe(`memory.swap.max=${16 * MiB}?`);
    expect(flat(v1Writes({ memory: 32 * MiB, memorySwap: -1 }))[1]).toBe('memory.memsw.limit_in_bytes=-1?');
    expect(flat(v2Writes({ memory: 32 * MiB, memorySwap: -1 }))[1]).toBe('memory.swap.max=max?');
  });

  it('removes the limits with memory -1', () => {
    expect(flat(v1Writes({ memory: -1 }))).toEqual(['memory.limit_in_bytes=-1', 'memory.memsw.limit_in_bytes=-1?']);
    expect(flat(v2Writes({ memory: -1 }))).toEqual(['memory.max=max', 'memory.swap.max=max?']);
  });

  it('rejects memswap below memory or without memory', () => {
    expect(() => v1Writes({ memory: 64 * MiB, memorySwap: 32 * MiB })).toThrow(/below the memory limit/);
    expect(() => v2Writes({ memorySwap: 32 * MiB })).toThrow(/needs a memory limit/);
  });

  it('maps the reservation to the soft limit (v1) or memory.low (v2), and oom_kill_disable on v1 only', () => {
    expect(flat(v1Writes({ memoryReservation: MiB, oomKillDisable: true }))).toEqual([`memory.soft_limit_in_bytes=${MiB}`, 'memory.oom_control=1']);
    expect(flat(v2Writes({ memoryReservation: MiB, oomKillDisable: true }))).toEqual([`memory.low=${MiB}`]);
  });
});

describe('pids and unset values', () => {
  it('writes pids.max, with 0 and -1 as unlimited', () => {
    expect(flat(v1Writes({ pidsLimit: 10 }))).toEqual(['pids.max=10']);
    expect(flat(v2Writes({ pidsLimit: 0 }))).toEqual(['pids.max=max']);
    expect(flat(v2Writes({ pidsLimit: -1 }))).toEqual(['pids.max=max']);
  });

  it('writes nothing for no limits, and treats docker zero values as unset', () => {
    const zeros: CgroupLimits = { memory: 0, memorySwap: 0, memoryReservation: 0, cpus: 0, cpuShares: 0, cpuQuota: 0, cpuPeriod: 0 };
    expect(v1Writes({})).toEqual([]);
    expect(v2Writes(zeros)).toEqual([]);
  });

  it('names the controller each file belongs to', () => {
    const controllers = v1Writes({ memory: MiB, cpus: 1, cpuShares: 10, cpusetCpus: '0', pidsLimit: 5 }).map((w) => `${w.controller}/${w.file}`);
    expect(controllers).toContain('memory/memory.limit_in_bytes');
    expect(controllers).toContain('cpu/cpu.cfs_quota_us');
    expect(controllers).toContain('cpuset/cpuset.cpus');
    expect(controllers).toContain('pids/pids.max');
  });
});

describe('v1 device rules', () => {
  it('denies all, then allows docker defaults one rule per write', () => {
    const writes = flat(v1DeviceWrites());
    expect(writes[0]).toBe('devices.deny=a');
    expect(writes.slice(1)).toEqual(DEFAULT_DEVICE_RULES.map((r) => `devices.allow=${r}`));
    expect(DEFAULT_DEVICE_RULES).toEqual(expect.arrayContaining(['c 1:3 rwm', 'c 136:* rwm', 'c 10:200 rwm', 'c *:* m', 'b *:* m']));
    expect(DEFAULT_DEVICE_RULES).toHaveLength(11);
  });

  it('allows everything when privileged', () => {
    expect(flat(v1DeviceWrites(true))).toEqual(['devices.allow=a']);
    expect(flat(v1DeviceWrites(true, ['c 10:229 rwm']))).toEqual(['devices.allow=a']);
  });

  it('allows the --device rules after the defaults', () => {
    expect(flat(v1DeviceWrites(false, ['c 10:229 rw', 'b 8:0 r'])).slice(-2)).toEqual(['devices.allow=c 10:229 rw', 'devices.allow=b 8:0 r']);
  });
});
