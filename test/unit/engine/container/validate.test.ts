import { describe, expect, it } from 'vitest';
import { ContainerConfigError } from '../../../../errors.js';
import type { ContainerConfig } from '../../../../engine/container/config.js';
import { validateConfig } from '../../../../engine/container/validate.js';

const base: ContainerConfig = { image: 'busybox', networkMode: 'bridge' };

function refusal(config: Partial<ContainerConfig>): ContainerConfigError | undefined {
  try {
    validateConfig({ ...base, ...config });
    return undefined;
  } catch (err) {
    if (err instanceof ContainerConfigError) return err;
    throw err;
  }
}

describe('what a container may be', () => {
  it('takes a plain config, and a bridge container with networks, ports and links', () => {
    expect(refusal({})).toBeUndefined();
    expect(refusal({ networks: [{ network: 'front', aliases: ['web'] }], ports: [{ containerPort: 80, protocol: 'tcp' }], links: [{ alias: 'db', target: 'db' }] })).toBeUndefined();
    expect(refusal({ restart: { name: 'on-failure', maximumRetryCount: 3 }, oomScoreAdj: -1000, ulimits: [{ name: 'nofile', soft: 10, hard: -1 }] })).toBeUndefined();
  });

  it('refuses clashing options, naming them by their config fields', () => {
    expect(refusal({ autoRemove: true, restart: { name: 'always' } })?.message).toBe('conflicting options: restart and autoRemove');
    expect(refusal({ utsMode: 'host', hostname: 'web' })?.message).toBe('conflicting options: hostname and utsMode host');
    expect(refusal({ networkMode: 'host', ports: [{ containerPort: 80, protocol: 'tcp' }] })?.message).toBe('cannot publish ports with networkMode host');
    expect(refusal({ networkMode: 'none', publishAll: true })?.message).toBe('cannot publish ports with networkMode none');
    expect(refusal({ networkMode: 'container:db', links: [{ alias: 'a', target: 'b' }] })?.message).toBe('networks and links need a bridge network, not networkMode container:db');
    expect(refusal({ networks: [{ network: 'bridge', aliases: ['x'] }] })?.message).toBe('network-scoped aliases are only supported for user-defined networks');
    expect(refusal({ networkMode: 'container:' })?.message).toBe('networkMode container: needs a container name');
  });

  it('refuses values out of range', () => {
    expect(refusal({ oomScoreAdj: 1001 })?.message).toBe('invalid oomScoreAdj "1001": between -1000 and 1000');
    expect(refusal({ resources: { cpus: 0 } })?.message).toBe('invalid resources.cpus "0": a positive number');
    expect(refusal({ healthcheck: { retries: -1 } })?.message).toBe('invalid healthcheck.retries "-1": a whole number, 0 or more');
    expect(refusal({ restart: { name: 'always', maximumRetryCount: 2 } })?.message).toBe('invalid restart "always:2": only on-failure takes a retry count');
    expect(refusal({ ulimits: [{ name: 'nofile', soft: 20, hard: 10 }] })?.message).toBe('invalid ulimits "nofile=20:10": the soft limit is above the hard one');
  });

  it('refuses limits docker refuses: memory under 6 MiB, more CPUs than the host has', () => {
    expect(refusal({ resources: { memory: 1024 } })?.message).toBe('invalid resources.memory "1024": the minimum allowed is 6 MiB (6291456 bytes)');
    expect(refusal({ resources: { memoryReservation: 6291455 } })?.message).toBe('invalid resources.memoryReservation "6291455": the minimum allowed is 6 MiB (6291456 bytes)');
    expect(refusal({ resources: { memory: 6291456, memoryReservation: -1 } })).toBeUndefined();
    expect(refusal({ resources: { memory: -1 } })).toBeUndefined();
    const onTwo = (config: Partial<ContainerConfig>) => {
      try {
        validateConfig({ ...base, ...config }, { cpus: 2 });
        return undefined;
      } catch (err) {
        return (err as Error).message;
      }
    };
    expect(onTwo({ resources: { cpus: 1000 } })).toBe('invalid resources.cpus "1000": the range is from 0.01 to 2.00, as there are only 2 CPUs available');
    expect(onTwo({ resources: { cpus: 2 } })).toBeUndefined();
    expect(onTwo({ resources: { cpus: 0.5 } })).toBeUndefined();
  });

  it('names the options the way the caller asks', () => {
    const err = refusal({ autoRemove: true, restart: { name: 'unless-stopped' } })!;
    expect(err.code).toBe('FLOTILLA_ENGINE_INVALID_CONFIG');
    expect(err.describe((option) => `<${option}>`)).toBe('conflicting options: <restart> and <autoRemove>');
  });
});
