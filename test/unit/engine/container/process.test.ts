import { describe, expect, it } from 'vitest';
import { capabilitySet, containerProcess, mergeEnv } from '../../../../engine/container/process.js';
import { resolveHealthcheck } from '../../../../engine/container/healthcheck.js';

describe('containerProcess', () => {
  const image = { Entrypoint: ['/entry'], Cmd: ['serve', '--port', '80'], Env: ['PATH=/usr/bin', 'A=image'], WorkingDir: '/app', User: 'app' };

  it('runs the image entrypoint with its Cmd, or with the given command', () => {
    expect(containerProcess(image, { image: 'x' }, 'h').args).toEqual(['/entry', 'serve', '--port', '80']);
    expect(containerProcess(image, { image: 'x', cmd: ['debug'] }, 'h').args).toEqual(['/entry', 'debug']);
  });

  it('drops the image Cmd when the entrypoint is replaced, as docker does', () => {
    expect(containerProcess(image, { image: 'x', entrypoint: ['/bin/sh'] }, 'h').args).toEqual(['/bin/sh']);
    expect(containerProcess(image, { image: 'x', entrypoint: [], cmd: ['ls'] }, 'h').args).toEqual(['ls']);
  });

  it('refuses a container with no command at all', () => {
    expect(() => containerProcess({}, { image: 'x' }, 'h')).toThrow(/no command specified/);
  });

  it('merges the environment: defaults, then the image, then the container, by key', () => {
    const env = containerProcess(image, { image: 'x', env: ['A=mine', 'B=2'] }, 'box').env;
    expect(env).toEqual(['PATH=/usr/bin', 'HOSTNAME=box', 'A=mine', 'B=2']);
    expect(mergeEnv(['X=1'], ['X'])).toEqual([]);
  });

  it('takes the working directory and user from the container, else the image, else / and root', () => {
    expect(containerProcess(image, { image: 'x', workingDir: '/w', user: '1:2' }, 'h')).toMatchObject({ workingDir: '/w', user: '1:2' });
    expect(containerProcess({ Cmd: ['x'] }, { image: 'x' }, 'h')).toMatchObject({ workingDir: '/', user: '' });
  });
});

describe('capabilitySet', () => {
  it('is Docker\'s 14 by default (CapEff a80425fb)', () => {
    const mask = capabilitySet({}).reduce((m, cap) => m | (1n << BigInt(cap)), 0n);
    expect(mask.toString(16)).toBe('a80425fb');
  });

  it('adds and drops by name, with or without CAP_, and ALL', () => {
    expect(capabilitySet({ capDrop: ['ALL'], capAdd: ['cap_net_admin', 'KILL'] })).toEqual([5, 12]);
    expect(capabilitySet({ capDrop: ['CHOWN'] })).not.toContain(0);
    expect(capabilitySet({ capAdd: ['ALL'], capDrop: ['SYS_ADMIN'] })).not.toContain(21);
  });

  it('drops MKNOD where no device cgroup can stop opening devices, unless asked for', () => {
    expect(capabilitySet({}, false)).not.toContain(27);
    expect(capabilitySet({ capAdd: ['MKNOD'] }, false)).toContain(27);
  });

  it('refuses an unknown capability by name', () => {
    expect(() => capabilitySet({ capAdd: ['FLY'] })).toThrow('unknown capability: "FLY"');
  });
});

describe('resolveHealthcheck', () => {
  it('uses the image\'s test with Docker\'s defaults, durations in ms', () => {
    expect(resolveHealthcheck({ Test: ['CMD-SHELL', 'curl -f localhost'], Interval: 5e9 }, undefined)).toEqual({
      args: ['/bin/sh', '-c', 'curl -f localhost'], interval: 5000, timeout: 30000, startPeriod: 0, startInterval: 5000, retries: 3,
    });
  });

  it('lets the container override field by field, and NONE disable it', () => {
    const resolved = resolveHealthcheck({ Test: ['CMD', 'check'], Retries: 5 }, { interval: 100 });
    expect(resolved).toMatchObject({ args: ['check'], interval: 100, retries: 5 });
    expect(resolveHealthcheck({ Test: ['CMD', 'check'] }, { test: ['NONE'] })).toBeUndefined();
    expect(resolveHealthcheck(undefined, undefined)).toBeUndefined();
  });
});
