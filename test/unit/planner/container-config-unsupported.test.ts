// Fields Flotilla cannot honour are refused by name; those that do not shape a container are left to others.
import { describe, expect, it } from 'vitest';
import { serviceContainerConfig } from '../../../planner/container-config.js';
import { contextOf } from './container-config-helpers.js';

const configOf = (service: string, topLevel = '') => serviceContainerConfig(contextOf(`services:\n  web:\n    image: app\n${service}${topLevel}`), 'web', 1);

describe('serviceContainerConfig: unsupported fields', () => {
  it.each([
    ['blkio_config', 'blkio_config: {weight: 300}'],
    ['cgroup', 'cgroup: host'],
    ['cgroup_parent', 'cgroup_parent: /custom'],
    ['cpu_rt_period', 'cpu_rt_period: 1000'],
    ['cpu_rt_runtime', 'cpu_rt_runtime: 100'],
    ['cpu_count', 'cpu_count: 2'],
    ['cpu_percent', 'cpu_percent: 50'],
    ['gpus', 'gpus: all'],
    ['isolation', 'isolation: default'],
    ['runtime', 'runtime: runc'],
    ['storage_opt', 'storage_opt: {size: 1G}'],
    ['userns_mode', 'userns_mode: host'],
    ['credential_spec', 'credential_spec: {file: spec.json}'],
    ['device_cgroup_rules', 'device_cgroup_rules: ["c 1:3 mr"]'],
    ['mem_swappiness', 'mem_swappiness: 10'],
    ['oom_kill_disable', 'oom_kill_disable: true'],
    ['use_api_socket', 'use_api_socket: true'],
    ['provider', 'provider: {type: model}'],
    ['deploy.resources.reservations.devices', 'deploy: {resources: {reservations: {devices: [{capabilities: [gpu]}]}}}'],
  ])('%s', (field, line) => {
    expect(() => configOf(`    ${line}\n`)).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_UNSUPPORTED', message: `service "web": ${field} is not supported` }));
  });

  it('models', () => {
    expect(() => configOf('    models: [llm]\n', 'models:\n  llm: {model: ai/smollm2}\n')).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_UNSUPPORTED', message: 'service "web": models is not supported' }),
    );
  });

  it('takes the switches whose off is what Flotilla does', () => {
    expect(() => configOf('    oom_kill_disable: false\n    use_api_socket: false\n')).not.toThrow();
  });

  it('refuses a foreign platform and takes the host one', () => {
    expect(() => configOf('    platform: windows/amd64\n')).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_UNSUPPORTED', message: 'service "web": platform "windows/amd64" is not supported' }));
    const host = { x64: 'amd64', arm64: 'arm64' }[process.arch as 'x64' | 'arm64'];
    expect(() => configOf(`    platform: linux/${host}\n`)).not.toThrow();
  });

  it('refuses a network_mode that is not a mode Flotilla knows', () => {
    expect(() => configOf('    network_mode: mynet\n')).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_UNSUPPORTED', message: 'service "web": network_mode "mynet" is not supported' }));
  });
});

describe('serviceContainerConfig: what is not the container', () => {
  it('runs a built service under the name docker compose gives its image', () => {
    const config = serviceContainerConfig(contextOf('services:\n  api:\n    build: ./api\n'), 'api', 1);
    expect(config.image).toBe('shop-api');
    expect(config.labels?.['com.docker.compose.image']).toBe('shop-api');
  });

  it('ignores hooks, develop, placement, update_config and pull_policy', () => {
    const extra = `    pre_start: [{command: chown app /data}]
    post_start: [{command: touch /ready}]
    pre_stop: [{command: ./drain}]
    develop: {watch: [{path: ./src, action: sync, target: /src}]}
    pull_policy: always
    annotations: {a: b}
    x-note: hello
    deploy:
      placement: {constraints: [node.role==manager]}
      update_config: {parallelism: 2}
      rollback_config: {parallelism: 1}
`;
    const plain = serviceContainerConfig(contextOf('services:\n  web:\n    image: app\n'), 'web', 1, {});
    const config = serviceContainerConfig(contextOf(`services:\n  web:\n    image: app\n${extra}`), 'web', 1, {});
    // Only the config hash (which covers these fields) may tell them apart.
    const withoutHash = (c: typeof config) => ({ ...c, labels: { ...c.labels, 'com.docker.compose.config-hash': '' } });
    expect(withoutHash(config)).toEqual(withoutHash(plain));
  });
});
