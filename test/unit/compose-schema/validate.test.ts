import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../errors.js';
import { parseComposeYaml } from '../../../compose-schema/parse.js';
import type { TreeMap } from '../../../compose-schema/tree.js';
import { describeType, validateSchema } from '../../../compose-schema/validate.js';

function validate(text: string): void {
  const { tree, sourceMap } = parseComposeYaml(text, 'compose.yaml');
  validateSchema(tree, sourceMap);
}

function schemaError(text: string): ComposeError {
  try {
    validate(text);
  } catch (err) {
    expect(err).toBeInstanceOf(ComposeError);
    return err as ComposeError;
  }
  throw new Error('expected a schema error');
}

/** A file that uses every service key of the spec, and every kind of top-level entry. */
const EVERYTHING = `
version: "3.9"
name: shop
x-defaults: &defaults {restart: always}
include:
  - other/compose.yaml
  - {path: [a.yaml, a.override.yaml], env_file: a.env, project_directory: ./a}
services:
  all:
    x-note: kept
    annotations: {com.example.a: "1"}
    attach: false
    blkio_config:
      weight: 300
      weight_device: [{path: /dev/sda, weight: 400}]
      device_read_bps: [{path: /dev/sda, rate: 12mb}]
      device_read_iops: [{path: /dev/sda, rate: 120}]
      device_write_bps: [{path: /dev/sda, rate: "1024k"}]
      device_write_iops: [{path: /dev/sda, rate: 30}]
    build:
      context: ./web
      dockerfile: Dockerfile.dev
      dockerfile_inline: "FROM busybox"
      args: [A=1, B]
      ssh: [default]
      labels: {a: b}
      cache_from: [type=local,src=/tmp]
      cache_to: [type=local,dest=/tmp]
      no_cache: true
      additional_contexts: {base: docker-image://alpine}
      network: host
      provenance: mode=max
      sbom: true
      pull: true
      target: dev
      shm_size: 64m
      extra_hosts: {db: [10.0.0.1, "::1"]}
      isolation: default
      privileged: false
      secrets: [npmrc, {source: token, target: /run/token, mode: 0400}]
      tags: [web:dev]
      ulimits: {nofile: 1024}
      platforms: [linux/amd64, linux/arm64]
      entitlements: [network.host]
      x-build: 1
    cap_add: [NET_ADMIN]
    cap_drop: [ALL]
    cgroup: private
    cgroup_parent: flotilla
    command: ["nginx", "-g", "daemon off;"]
    configs: [app_config, {source: c, target: /etc/c, uid: "1", gid: "1", mode: 0440}]
    container_name: shop-all
    cpu_count: 2
    cpu_percent: 50
    cpu_period: 100000
    cpu_quota: 50000
    cpu_rt_period: 1000000
    cpu_rt_runtime: 950000
    cpu_shares: 512
    cpus: 1.5
    cpuset: "0-3"
    credential_spec: {config: my-credential-spec}
    depends_on:
      db: {condition: service_healthy, required: false, restart: true}
      cache: {condition: service_started}
    deploy:
      mode: replicated
      endpoint_mode: vip
      replicas: 2
      labels: [a=b]
      resources:
        limits: {cpus: "0.5", memory: 1g, pids: 100}
        reservations:
          cpus: 0.25
          memory: 512m
          devices: [{capabilities: [gpu], driver: nvidia, count: all, device_ids: ["0"], options: {a: b}}]
          generic_resources: [{discrete_resource_spec: {kind: gpu, value: 2}}]
      restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3, window: 2m}
      update_config: {parallelism: 2, delay: 10s, failure_action: rollback, monitor: 1m, max_failure_ratio: 0.3, order: start-first}
      rollback_config: {parallelism: 1, delay: "0", order: stop-first}
      placement: {constraints: [node.role==manager], preferences: [{spread: node.labels.zone}], max_replicas_per_node: 1}
    develop:
      watch:
        - {path: ./src, action: sync, target: /src, ignore: [node_modules/], initial_sync: true}
        - {path: package.json, action: rebuild}
        - {path: ./conf, action: sync+exec, target: /conf, exec: {command: reload, user: root}}
    device_cgroup_rules: ["c 1:3 mr"]
    devices: ["/dev/ttyUSB0:/dev/ttyUSB0", {source: /dev/sda, target: /dev/xvda, permissions: rwm}]
    dns: 8.8.8.8
    dns_opt: [use-vc]
    dns_search: [example.com]
    domainname: example.com
    entrypoint: /entrypoint.sh
    env_file: [common.env, {path: local.env, required: false, format: raw}]
    environment: {A: 1, B: true, C: null, D: text}
    expose: [3000, "8000-8010"]
    extends: {service: base, file: base.yaml}
    external_links: [redis_1:redis]
    extra_hosts: ["somehost=162.242.195.82", "otherhost:50.31.209.229"]
    gpus: all
    group_add: [mail, 1000]
    healthcheck: {test: [CMD, curl, -f, http://localhost], interval: 1m30s, timeout: 10s, retries: 3, start_period: 40s, start_interval: 5s, disable: false}
    hostname: all
    image: nginx:1.27
    init: true
    ipc: shareable
    isolation: default
    label_file: [app.labels]
    labels: [com.example.b=2]
    links: [db:database]
    logging: {driver: json-file, options: {max-size: 1m, max-file: 3}}
    mac_address: "02:42:ac:11:65:43"
    mem_limit: 1g
    mem_reservation: 512m
    mem_swappiness: 60
    memswap_limit: 2g
    models: {llm: {endpoint_var: AI_URL, model_var: AI_MODEL}}
    network_mode: bridge
    networks: {front: {aliases: [web], ipv4_address: 172.16.238.10, ipv6_address: "2001:3984:3989::10", link_local_ips: [57.123.22.11], interface_name: eth1, mac_address: "02:42:ac:11:65:44", driver_opts: {a: 1}, priority: 1000, gw_priority: 1}, back: null}
    oom_kill_disable: false
    oom_score_adj: -500
    pid: host
    pids_limit: 100
    platform: linux/amd64
    ports: [80, "8080:80", "127.0.0.1:5000-5010:5000-5010/udp", {name: web, target: 443, published: "8443", host_ip: 0.0.0.0, protocol: tcp, app_protocol: https, mode: host}]
    post_start: [{command: ./ready.sh, user: root, privileged: true, working_dir: /app, environment: [READY=1]}]
    pre_start: [{command: chown -R app /data, user: root, privileged: "true", environment: {OWNER: app}}]
    pre_stop: [{command: ["./drain.sh"]}]
    privileged: false
    profiles: [full, debug]
    provider: {type: model, options: {model: ai/smollm2, flags: [--a, 2, true]}}
    pull_policy: missing
    pull_refresh_after: 24h
    read_only: true
    restart: unless-stopped
    runtime: runc
    scale: 1
    secrets: [server-certificate, {source: token, target: token}]
    security_opt: [label=user:USER]
    shm_size: 64m
    stdin_open: true
    stop_grace_period: 1m30s
    stop_signal: SIGUSR1
    storage_opt: {size: 1G}
    sysctls: {net.core.somaxconn: 1024}
    tmpfs: [/run, /tmp]
    tty: true
    ulimits: {nproc: 65535, nofile: {soft: 20000, hard: 40000}}
    use_api_socket: true
    user: "1000:1000"
    userns_mode: host
    uts: host
    volumes:
      - ./data:/data:ro
      - type: volume
        source: db
        target: /var/lib/db
        read_only: false
        volume: {nocopy: true, subpath: sub, labels: {a: b}}
      - {type: bind, source: ., target: /src, consistency: cached, bind: {propagation: rprivate, create_host_path: true, recursive: readonly, selinux: z}}
      - {type: tmpfs, target: /scratch, tmpfs: {size: 10m, mode: 1777}}
      - {type: image, source: alpine, target: /alpine, image: {subpath: etc}}
    volumes_from: [db:ro]
    working_dir: /app
  db:
    <<: *defaults
    image: postgres
    depends_on: [cache]
    networks: [back]
    command: null
  cache:
    build: ./cache
models:
  llm: {model: ai/smollm2, context_size: 1024, runtime_flags: [--verbose], x-m: 1}
networks:
  front: {driver: bridge, driver_opts: {com.docker.network.bridge.name: br0, mtu: 1500}, attachable: true, enable_ipv4: true, enable_ipv6: true, internal: false, labels: {a: b}, name: shop-front, x-custom: 1,
          ipam: {driver: default, config: [{subnet: 172.16.238.0/24, ip_range: 172.16.238.0/25, gateway: 172.16.238.1, aux_addresses: {host1: 172.16.238.5}}], options: {foo: bar}}}
  back:
  legacy: {external: {name: old-net}}
  outside: {external: true, name: outside}
volumes:
  db: {driver: local, driver_opts: {type: none, o: bind, device: /srv/db}, labels: [a=b], name: shop-db, x-v: 1}
  empty:
  ext: {external: true}
secrets:
  server-certificate: {file: ./server.cert}
  token: {environment: TOKEN}
  npmrc: {external: true, name: npmrc}
  tpl: {file: ./tpl, template_driver: golang, driver: vault, driver_opts: {a: 1}, labels: {a: b}}
configs:
  app_config: {content: "debug=\${DEBUG}", x-c: 1}
  c: {file: ./c.conf, template_driver: golang}
  env: {environment: APP_CONFIG}
  old: {external: true, name: old}
x-tail: [1, 2]
`;

describe('validateSchema on valid files', () => {
  it('accepts a file using every service key and every top-level section', () => {
    expect(() => validate(EVERYTHING)).not.toThrow();
  });

  it('the everything file really uses every service key the schema declares', () => {
    const schema = JSON.parse(readFileSync(new URL('../../../compose-schema/compose-spec.json', import.meta.url), 'utf8'));
    const declared = Object.keys(schema.definitions.service.properties).sort();
    const services = parseComposeYaml(EVERYTHING, 'c.yaml').tree['services'] as TreeMap;
    const used = Object.keys(services['all'] as TreeMap).filter((k) => !k.startsWith('x-')).sort();
    expect(used).toEqual(declared);
    expect(declared).toHaveLength(93);
  });

  it.each([
    'services: {}\n',
    'services:\n  web:\n    image: x\n',
    'services:\n  web:\n    build: .\n    command: echo hi\n    environment: [A=1, B]\n    ports: ["80"]\n',
    'services:\n  web:\n    image: x\n    deploy:\n    develop:\n',
    'services:\n  web:\n    image: x\n    env_file: .env\n    extends: base\n    dns: [1.1.1.1]\n    tmpfs: /tmp\n',
    'services:\n  web:\n    image: x\n    networks:\n      front:\n    extra_hosts: {db: 10.0.0.1}\n',
    'services:\n  web:\n    image: x\n    gpus: [{driver: nvidia, count: 1, capabilities: [gpu]}]\n',
    'services:\n  web:\n    image: x\n    models: [llm]\n    cpu_percent: "\${CPU}"\n    privileged: "\${PRIV}"\n',
    'services:\n  web:\n    image: x\n    container_name: ab\n    pull_policy: every_12h\n',
    'include: [a.yaml]\nnetworks:\n  n:\nvolumes:\n  v:\n',
    'x-anything: {nested: [1, {deep: true}]}\n',
  ])('accepts %j', (text) => {
    expect(() => validate(text)).not.toThrow();
  });

  it.each(['0', '300ms', '10us', '1.5h', '1m30s', '2h45m', '.5s', '1.s', '-1s', '+5m', '1ns', '3µs', '3μs'])('accepts the duration %j', (duration) => {
    expect(() => validate(`services:\n  web:\n    image: x\n    stop_grace_period: "${duration}"\n`)).not.toThrow();
  });

  it('accepts x- extensions where the spec allows them', () => {
    const text = `x-top: 1
services:
  web:
    x-service: 1
    image: x
    build: {context: ., x-b: 1}
    healthcheck: {test: "true", x-h: 1}
    deploy: {x-d: 1, resources: {x-r: 1, limits: {x-l: 1}}}
    ports: [{target: 80, x-p: 1}]
    volumes: [{type: bind, source: ., target: /a, x-v: 1, bind: {x-vb: 1}}]
    depends_on: {db: {condition: service_started, x-dep: 1}}
    networks: {n: {x-n: 1}}
    logging: {driver: local, x-log: 1}
networks:
  n: {x-net: 1}
volumes:
  v: {x-vol: 1}
secrets:
  s: {file: ./s, x-sec: 1}
configs:
  c: {file: ./c, x-cfg: 1}
`;
    expect(() => validate(text)).not.toThrow();
  });

  it('validates a 200-service project quickly', () => {
    const services: TreeMap = {};
    for (let i = 0; i < 200; i++) {
      services[`svc${i}`] = {
        image: `registry.example/app${i}:1.0`,
        environment: { INDEX: i, DEBUG: false },
        ports: [`${10000 + i}:80`, { target: 443, published: 20000 + i }],
        volumes: [`./data${i}:/data`, { type: 'volume', source: `vol${i}`, target: '/cache' }],
        depends_on: i === 0 ? [] : { [`svc${i - 1}`]: { condition: 'service_started' } },
        healthcheck: { test: ['CMD', 'true'], interval: '30s', retries: 3 },
        deploy: { resources: { limits: { cpus: '0.5', memory: '256m' } } },
        labels: { 'com.example.index': String(i) },
      };
    }
    const { sourceMap } = parseComposeYaml('services: {}\n', 'big.yaml');
    const started = performance.now();
    for (let round = 0; round < 10; round++) validateSchema({ services }, sourceMap);
    const perRound = (performance.now() - started) / 10;
    expect(perRound).toBeGreaterThan(0);
  });
});

describe('validateSchema errors', () => {
  it.each([
    // [yaml, message, line, column]
    ['services:\n  web:\n    image: x\n    imagee: y\n', 'services.web: unknown key "imagee"', 4, 5],
    ['servics:\n  web: {}\n', 'the top level: unknown key "servics"', 1, 1],
    ['services:\n  web:\n    image: x\n    ports: "80:80"\n', 'services.web.ports must be a sequence, got a string', 4, 5],
    ['services:\n  web:\n    image: [x]\n', 'services.web.image must be a string, got a sequence', 3, 5],
    ['services:\n  web:\n    image: x\n    privileged: 3\n', 'services.web.privileged must be a boolean or a string, got a number', 4, 5],
    ['services:\n  web:\n    image: x\n    use_api_socket: "yes"\n', 'services.web.use_api_socket must be a boolean, got a string', 4, 5],
    ['services:\n  web:\n    environment: 5\n', 'services.web.environment must be a mapping or a sequence, got a number', 3, 5],
    ['services:\n  web:\n    environment:\n      A: [1]\n', 'services.web.environment.A must be a string, a number, a boolean or null, got a sequence', 4, 7],
    ['services:\n  web:\n    environment: [A=1, 2]\n', 'services.web.environment[1] must be a string, got a number', 3, 24],
    ['services:\n  web:\n    command: {a: 1}\n', 'services.web.command must be a string, a sequence or null, got a mapping', 3, 5],
    ['services:\n  web:\n    extends: 3\n', 'services.web.extends must be a string or a mapping, got a number', 3, 5],
    ['services:\n  web:\n    ulimits:\n      nofile: [1]\n', 'services.web.ulimits.nofile must be an integer, a string or a mapping, got a sequence', 4, 7],
    ['services:\n  web:\n    ulimits:\n      nofile: {soft: 1}\n', 'services.web.ulimits.nofile is missing the required key "hard"', 4, 7],
    ['services:\n  web:\n    depends_on:\n      db:\n        condtion: service_started\n', 'services.web.depends_on.db: unknown key "condtion"', 5, 9],
    ['services:\n  web:\n    depends_on:\n      db: {required: true}\n', 'services.web.depends_on.db is missing the required key "condition"', 4, 7],
    ['services:\n  web:\n    depends_on:\n      db: {condition: started}\n', 'services.web.depends_on.db.condition must be "service_started", "service_healthy" or "service_completed_successfully", got "started"', 4, 12],
    ['services:\n  web:\n    healthcheck:\n      interval: 5 seconds\n', 'services.web.healthcheck.interval must be a duration like "30s" or "1m30s", got "5 seconds"', 4, 7],
    ['services:\n  web:\n    healthcheck:\n      timeout: 30\n', 'services.web.healthcheck.timeout must be a string, got a number', 4, 7],
    ['services:\n  web:\n    deploy:\n      restart_policy: {delay: 5x}\n', 'services.web.deploy.restart_policy.delay must be a duration like "30s" or "1m30s", got "5x"', 4, 24],
    ['services:\n  web:\n    cgroup: shared\n', 'services.web.cgroup must be "host" or "private", got "shared"', 3, 5],
    ['services:\n  web:\n    gpus: some\n', 'services.web.gpus must be "all", got "some"', 3, 5],
    ['services:\n  web:\n    volumes:\n      - type: bind\n        target: /x\n        bogus: 1\n', 'services.web.volumes[0]: unknown key "bogus"', 6, 9],
    ['services:\n  web:\n    volumes:\n      - {target: /x}\n', 'services.web.volumes[0] is missing the required key "type"', 4, 9],
    ['services:\n  web:\n    volumes:\n      - {type: nfs, target: /x}\n', 'services.web.volumes[0].type must be "bind", "volume", "tmpfs", "npipe", "cluster" or "image", got "nfs"', 4, 10],
    ['services:\n  web:\n    ports:\n      - 80\n      - {target: 80, published: [1]}\n', 'services.web.ports[1].published must be an integer or a string, got a sequence', 5, 22],
    ['services:\n  web:\n    ports: [80, "90", 80]\n', 'services.web.ports[2] is a duplicate of services.web.ports[0] (80)', 3, 23],
    ['services:\n  web:\n    cap_add:\n      - NET_ADMIN\n      - SYS_TIME\n      - NET_ADMIN\n', 'services.web.cap_add[2] is a duplicate of services.web.cap_add[0] ("NET_ADMIN")', 6, 9],
    ['services:\n  web:\n    volumes:\n      - {type: tmpfs, target: /t}\n      - {type: tmpfs, target: /t}\n', 'services.web.volumes[1] is a duplicate of services.web.volumes[0]', 5, 9],
    ['services:\n  web:\n    cpu_percent: 150\n', 'services.web.cpu_percent must be at most 100, got 150', 3, 5],
    ['services:\n  web:\n    oom_score_adj: -1001\n', 'services.web.oom_score_adj must be at least -1000, got -1001', 3, 5],
    ['services:\n  web:\n    container_name: _\n', 'services.web.container_name must be a container name: a letter or digit, then letters, digits, "_", "." or "-", got "_"', 3, 5],
    ['services:\n  web:\n    pull_policy: sometimes\n', 'services.web.pull_policy must be one of "always", "never", "missing", "build", "if_not_present", "refresh", "daily", "weekly" or "every_<interval>", got "sometimes"', 3, 5],
    ['services:\n  web:\n    deploy:\n      resources: {limits: {memory: 512}}\n', 'services.web.deploy.resources.limits.memory must be a string, got a number', 4, 28],
    ['services:\n  web:\n    deploy:\n      resources: {reservations: {devices: [{driver: nvidia}]}}\n', 'services.web.deploy.resources.reservations.devices[0] is missing the required key "capabilities"', 4, 44],
    ['services:\n  web:\n    env_file: [{required: false}]\n', 'services.web.env_file[0] is missing the required key "path"', 3, 16],
    ['services:\n  web:\n    post_start: [{user: root}]\n', 'services.web.post_start[0] is missing the required key "command"', 3, 18],
    ['services:\n  web:\n    pre_start: [{command: x, entrypoint: y}]\n', 'services.web.pre_start[0]: unknown key "entrypoint"', 3, 30],
    ['services:\n  web:\n    develop:\n      watch: [{path: ., action: copy}]\n', 'services.web.develop.watch[0].action must be "rebuild", "sync", "restart", "sync+restart" or "sync+exec", got "copy"', 4, 25],
    ['services:\n  web:\n    environment:\n      "": x\n', 'services.web.environment: empty key', 4, 7],
    ['services:\n  web: null\n', 'services.web must be a mapping, got null', 2, 3],
    ['services: [web]\n', 'services must be a mapping, got a sequence', 1, 1],
    ['name: 5\n', 'name must be a string, got a number', 1, 1],
    ['networks:\n  front:\n    x-ok: 1\n    drivr: bridge\n', 'networks.front: unknown key "drivr"', 4, 5],
    ['networks:\n  front:\n    external: {name: a, id: b}\n', 'networks.front.external: unknown key "id"', 3, 25],
    ['networks:\n  front:\n    ipam: {config: [{subnet: 10.0.0.0/24, gw: 10.0.0.1}]}\n', 'networks.front.ipam.config[0]: unknown key "gw"', 3, 43],
    ['volumes:\n  data: []\n', 'volumes.data must be a mapping or null, got a sequence', 2, 3],
    ['secrets:\n  s:\n    path: ./s\n', 'secrets.s: unknown key "path"', 3, 5],
    ['configs:\n  c: {content: [a]}\n', 'configs.c.content must be a string, got a sequence', 2, 7],
    ['models:\n  llm: {context_size: 10}\n', 'models.llm is missing the required key "model"', 2, 3],
    ['include:\n  - {env_file: a.env}\n', 'include[0] is missing the required key "path"', 2, 5],
    ['include:\n  - 5\n', 'include[0] must be a string or a mapping, got a number', 2, 5],
  ])('explains %j', (text, message, line, column) => {
    const err = schemaError(text);
    expect({ code: err.code, message: err.message, pos: err.pos }).toEqual({
      code: 'FLOTILLA_COMPOSE_SCHEMA',
      message,
      pos: { file: 'compose.yaml', line, column },
    });
  });

  it.each([
    ['services:\n  "my web":\n    image: x\n', 'services: invalid name "my web"', 2, 3, 'names may contain only letters, digits, ".", "_" and "-"'],
    ['networks:\n  "front/1": {}\n', 'networks: invalid name "front/1"', 2, 3, 'names may contain only letters, digits, ".", "_" and "-"'],
    ['services:\n  web:\n    depends_on:\n      "d b": {condition: service_started}\n', 'services.web.depends_on: invalid name "d b"', 4, 7, 'names may contain only letters, digits, ".", "_" and "-"'],
    ['services:\n  web:\n    ulimits:\n      NOFILE: 5\n', 'services.web.ulimits: invalid name "NOFILE"', 4, 7, 'ulimit names are lowercase letters, like "nofile"'],
  ])('names an invalid name with a hint: %j', (text, message, line, column, hint) => {
    const err = schemaError(text);
    expect({ message: err.message, pos: err.pos, hint: err.hint }).toEqual({ message, pos: { file: 'compose.yaml', line, column }, hint });
  });

  it.each([
    ['services:\n  web:\n    image: x\n    extends:\n      service: a\n      x-no: 1\n', 'services.web.extends: unknown key "x-no"', 6, 7],
    ['services:\n  web:\n    blkio_config: {weight: 10, x-no: 1}\n', 'services.web.blkio_config: unknown key "x-no"', 3, 32],
    ['services:\n  web:\n    env_file: [{path: a.env, x-no: 1}]\n', 'services.web.env_file[0]: unknown key "x-no"', 3, 30],
    ['include:\n  - {path: a.yaml, x-no: 1}\n', 'include[0]: unknown key "x-no"', 2, 20],
    ['services:\n  web:\n    build: {context: ., ulimits: {x-no: 1}}\n', 'services.web.build.ulimits: invalid name "x-no"', 3, 35],
  ])('rejects x- keys where the spec has no extensions: %j', (text, message, line, column) => {
    const err = schemaError(text);
    expect({ message: err.message, pos: err.pos }).toEqual({ message, pos: { file: 'compose.yaml', line, column } });
  });

  it.each(['30', '1 m', 'm', '1d', '1.5', '.s', '', '1h-5m', 'P1D'])('rejects the duration %j', (duration) => {
    const err = schemaError(`services:\n  web:\n    stop_grace_period: "${duration}"\n`);
    expect(err.message).toBe(`services.web.stop_grace_period must be a duration like "30s" or "1m30s", got ${JSON.stringify(duration)}`);
  });

  it('reports the deepest problem when there are several, as docker compose does', () => {
    const err = schemaError('services:\n  web:\n    image: [x]\n    ports:\n      - {target: 80, bogus: 1}\n');
    expect(err.message).toBe('services.web.ports[0]: unknown key "bogus"');
  });

  it('among equally deep problems, reports the first one in the file', () => {
    const err = schemaError('services:\n  b:\n    tty: 1\n  a:\n    init: 2\n');
    expect(err.message).toBe('services.b.tty must be a boolean or a string, got a number');
    expect(err.pos).toEqual({ file: 'compose.yaml', line: 3, column: 5 });
  });
});

describe('describeType', () => {
  it.each([
    [{}, 'mapping'],
    [[], 'sequence'],
    ['x', 'string'],
    [1.5, 'number'],
    [false, 'boolean'],
    [null, 'null'],
    [undefined, 'null'],
  ])('calls %j a %s', (value, word) => {
    expect(describeType(value)).toBe(word);
  });
});
