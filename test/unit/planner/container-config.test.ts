// A service's names, labels and process settings → ContainerConfig.
import { describe, expect, it } from 'vitest';
import { containerName, serviceContainerConfig, serviceLabels } from '../../../planner/container-config.js';
import { serviceConfigHash } from '../../../planner/hash.js';
import { contextOf } from './container-config-helpers.js';

describe('containerName', () => {
  it('numbers replicas after the project and the service', () => {
    const { project } = contextOf('services:\n  web:\n    image: nginx\n');
    expect(containerName(project, 'web', 1)).toBe('shop-web-1');
    expect(containerName(project, 'web', 3)).toBe('shop-web-3');
  });

  it('takes container_name for the one container, and refuses it for a second', () => {
    const { project } = contextOf('services:\n  web:\n    image: nginx\n    container_name: front\n');
    expect(containerName(project, 'web', 1)).toBe('front');
    expect(() => containerName(project, 'web', 2)).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_INVALID_VALUE' }));
  });
});

describe('serviceLabels', () => {
  it("puts docker compose's labels over the service's own", () => {
    const ctx = contextOf(
      'services:\n  web:\n    image: nginx:1\n    labels: {tier: front, com.docker.compose.project: spoofed}\n    depends_on:\n      db: {condition: service_healthy, restart: true}\n      cache: {condition: service_started}\n  db:\n    image: pg\n  cache:\n    image: redis\n',
    );
    const labels = serviceLabels({ ...ctx, environmentFiles: ['/srv/shop/.env'] }, 'web', 2);
    expect(labels).toEqual({
      tier: 'front',
      'com.docker.compose.project': 'shop',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '2',
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.config-hash': serviceConfigHash(ctx.project.services['web']!),
      'com.docker.compose.depends_on': 'cache:service_started:false,db:service_healthy:true',
      'com.docker.compose.image': 'nginx:1',
      'com.docker.compose.project.working_dir': '/srv/shop',
      'com.docker.compose.project.config_files': '/srv/shop/compose.yaml',
      'com.docker.compose.project.environment_file': '/srv/shop/.env',
      'com.docker.compose.version': '5.0.0',
    });
    expect(serviceLabels(ctx, 'web', 1, { oneoff: true })['com.docker.compose.oneoff']).toBe('True');
  });
});

describe('serviceContainerConfig: the process', () => {
  it('maps the command, environment and identity fields', () => {
    const ctx = contextOf(`services:
  web:
    image: app:2
    command: ["serve", "--port", "80"]
    entrypoint: /init.sh
    environment: {MODE: prod, EMPTY: "", UNSET: null}
    user: "1000:1000"
    working_dir: /app
    group_add: [audio]
    hostname: web1
    domainname: example.test
    tty: true
    stdin_open: true
    init: true
    stop_signal: SIGQUIT
    stop_grace_period: 1m30.5s
`);
    const config = serviceContainerConfig(ctx, 'web', 1);
    expect(config).toMatchObject({
      image: 'app:2',
      name: 'shop-web-1',
      cmd: ['serve', '--port', '80'],
      entrypoint: ['/init.sh'],
      env: ['MODE=prod', 'EMPTY='],
      user: '1000:1000',
      workingDir: '/app',
      groupAdd: ['audio'],
      hostname: 'web1',
      domainname: 'example.test',
      tty: true,
      openStdin: true,
      init: true,
      stopSignal: 'SIGQUIT',
      stopTimeout: 90,
    });
  });
});
