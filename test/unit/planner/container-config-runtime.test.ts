// Limits, restart policy, healthcheck, logs and the security fields of a service → ContainerConfig.
import { describe, expect, it } from 'vitest';
import { serviceContainerConfig } from '../../../planner/container-config.js';
import { contextOf } from './container-config-helpers.js';

const configOf = (service: string) => serviceContainerConfig(contextOf(`services:\n  web:\n    image: app\n${service}`), 'web', 1);
const MiB = 1024 * 1024;

describe('serviceContainerConfig: limits', () => {
  it('maps the service-level limits', () => {
    const config = configOf(`    mem_limit: 512m
    memswap_limit: 1g
    mem_reservation: 128m
    cpu_shares: 512
    cpu_quota: 50000
    cpu_period: 100000
    cpuset: "0-1"
    pids_limit: 64
`);
    expect(config.resources).toEqual({
      memory: 512 * MiB,
      memorySwap: 1024 * MiB,
      memoryReservation: 128 * MiB,
      cpuShares: 512,
      cpuQuota: 50000,
      cpuPeriod: 100000,
      cpusetCpus: '0-1',
      pidsLimit: 64,
    });
  });

  it('reads deploy.resources as the fields they stand for', () => {
    const config = configOf(`    mem_limit: 256m
    deploy:
      resources:
        limits: {cpus: "0.5", memory: 256m, pids: 20}
        reservations: {memory: 32m, cpus: "0.25"}
`);
    expect(config.resources).toEqual({ memory: 256 * MiB, memoryReservation: 32 * MiB, cpus: 0.5, pidsLimit: 20 });
  });

  it('gives no limits when none are written', () => {
    expect(configOf('').resources).toEqual({});
  });

  it('maps ulimits, sysctls, shm_size, oom_score_adj and devices', () => {
    const config = configOf(`    ulimits:
      nproc: 512
      nofile: {soft: 1024, hard: 4096}
    sysctls: {net.core.somaxconn: 1024}
    shm_size: 64m
    oom_score_adj: -200
    devices:
      - /dev/fuse
      - /dev/null:/dev/nothing:r
`);
    expect(config).toMatchObject({
      ulimits: [
        { name: 'nproc', soft: 512, hard: 512 },
        { name: 'nofile', soft: 1024, hard: 4096 },
      ],
      sysctls: { 'net.core.somaxconn': '1024' },
      shmSize: 64 * MiB,
      oomScoreAdj: -200,
      devices: [
        { hostPath: '/dev/fuse', containerPath: '/dev/fuse', permissions: 'rwm' },
        { hostPath: '/dev/null', containerPath: '/dev/nothing', permissions: 'r' },
      ],
    });
  });
});

describe('serviceContainerConfig: restart policy', () => {
  it.each([
    ['', { name: 'no' }],
    ['    restart: always\n', { name: 'always' }],
    ['    restart: unless-stopped\n', { name: 'unless-stopped' }],
    ['    restart: on-failure:3\n', { name: 'on-failure', maximumRetryCount: 3 }],
    ['    restart: always\n    deploy: {restart_policy: {condition: on-failure, max_attempts: 5, delay: 5s}}\n', { name: 'on-failure', maximumRetryCount: 5 }],
    ['    deploy: {restart_policy: {condition: any}}\n', { name: 'always' }],
    ['    deploy: {restart_policy: {condition: none}}\n', { name: 'no' }],
  ])('%j', (service, restart) => {
    expect(configOf(service).restart).toEqual(restart);
  });

  it('refuses a retry count on a policy other than on-failure', () => {
    expect(() => configOf('    restart: always:3\n')).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_INVALID_VALUE', message: expect.stringContaining('service "web": restart "always:3"') }));
  });
});

describe('serviceContainerConfig: healthcheck', () => {
  it('turns the nanoseconds of the model into milliseconds', () => {
    const config = configOf(`    healthcheck:
      test: wget -qO- localhost/health
      interval: 30s
      timeout: 1.5s
      retries: 4
      start_period: 1m
      start_interval: 500ms
`);
    expect(config.healthcheck).toEqual({
      test: ['CMD-SHELL', 'wget -qO- localhost/health'],
      interval: 30_000,
      timeout: 1500,
      retries: 4,
      startPeriod: 60_000,
      startInterval: 500,
    });
  });

  it("keeps the image's check for the fields not written", () => {
    expect(configOf('    healthcheck: {interval: 2s}\n').healthcheck).toEqual({ interval: 2000 });
    expect(configOf('').healthcheck).toBeUndefined();
  });

  it("turns the image's check off with disable or test NONE", () => {
    expect(configOf('    healthcheck: {disable: true, test: [CMD, "true"]}\n').healthcheck).toEqual({ test: ['NONE'] });
    expect(configOf('    healthcheck: {test: [NONE]}\n').healthcheck).toEqual({ test: ['NONE'] });
  });
});

describe('serviceContainerConfig: logging', () => {
  it('takes the size options of json-file and local', () => {
    expect(configOf('    logging: {driver: json-file, options: {max-size: 10m, max-file: "3"}}\n').log).toEqual({ maxSize: 10 * MiB, maxFiles: 3 });
    expect(configOf('    logging: {driver: local}\n').log).toEqual({});
  });

  it('refuses another driver and options it cannot honour', () => {
    expect(() => configOf('    logging: {driver: syslog}\n')).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_UNSUPPORTED', message: 'service "web": logging driver "syslog" is not supported' }));
    expect(() => configOf('    logging: {options: {compress: "true"}}\n')).toThrow(expect.objectContaining({ message: 'service "web": logging.options.compress is not supported' }));
    expect(() => configOf('    logging: {options: {max-file: "0"}}\n')).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_INVALID_VALUE' }));
  });
});

describe('serviceContainerConfig: privileges', () => {
  it('maps capabilities, privileged, read_only and no-new-privileges', () => {
    const config = configOf(`    cap_add: [NET_ADMIN]
    cap_drop: [ALL]
    privileged: true
    read_only: true
    security_opt: [no-new-privileges:true, seccomp:unconfined]
`);
    expect(config).toMatchObject({ capAdd: ['NET_ADMIN'], capDrop: ['ALL'], privileged: true, readOnly: true, noNewPrivileges: true, seccomp: 'unconfined' });
    expect(configOf('').noNewPrivileges).toBe(false);
    // Without seccomp:unconfined the engine's default profile applies.
    expect(configOf('')).not.toHaveProperty('seccomp');
  });

  it('refuses a security option that asks for a profile', () => {
    expect(() => configOf('    security_opt: ["apparmor:docker-default"]\n')).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_UNSUPPORTED', message: 'service "web": security_opt "apparmor:docker-default" is not supported' }),
    );
  });

  it('refuses a CDI device name', () => {
    expect(() => configOf('    devices: ["vendor.com/gpu=all"]\n')).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_UNSUPPORTED' }));
  });
});
