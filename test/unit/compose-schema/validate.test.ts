import { describe, expect, it } from 'vitest';
import { parseComposeYaml } from '../../../compose-schema/parse.js';
import { validateSchema } from '../../../compose-schema/validate.js';

function validate(text: string): void {
  const { tree, sourceMap } = parseComposeYaml(text, 'compose.yaml');
  validateSchema(tree, sourceMap);
}

describe('validateSchema', () => {
  it('accepts a broad, realistic file with extensions', () => {
    expect(() =>
      validate(`
name: shop
x-defaults: {restart: always}
include: [other.yaml, {path: [a.yaml], env_file: a.env}]
services:
  web:
    x-note: kept
    image: nginx
    build: {context: ., args: [A=1], tags: [web:dev]}
    command: ["nginx"]
    environment: {A: 1, B: true, C: null}
    ports: [80, "8080:80", {target: 443, published: "8443", protocol: tcp}]
    volumes: ["./a:/a", {type: tmpfs, target: /t, tmpfs: {size: 1m}}]
    depends_on: {db: {condition: service_healthy, required: false}}
    healthcheck: {test: [CMD, "true"], interval: 1m30s, retries: 3}
    deploy: {replicas: 2, resources: {limits: {cpus: "0.5", memory: 1g}}, restart_policy: {condition: on-failure}}
    ulimits: {nofile: {soft: 1, hard: 2}, nproc: 5}
    networks: {front: {aliases: [w], ipv4_address: 10.0.0.2}}
    extra_hosts: ["a:1.2.3.4"]
    logging: {driver: json-file, options: {max-size: 1m}}
    develop: {watch: [{path: ./src, action: sync, target: /src}]}
    profiles: [web]
  db:
    image: postgres
    env_file: [{path: db.env, required: false}]
networks:
  front: {driver: bridge, ipam: {config: [{subnet: 10.0.0.0/24}]}, x-custom: 1}
  ext: {external: true}
volumes:
  data:
secrets:
  s: {file: ./s}
configs:
  c: {content: hello}
`),
    ).not.toThrow();
  });

  it.each([
    ['services:\n  web:\n    image: x\n    imagee: y\n', 'services.web: unknown key "imagee"', 4, 5],
    ['services:\n  web:\n    image: x\n    ports: "80:80"\n', 'services.web.ports must be a sequence, got a string', 4, 5],
    ['services:\n  web:\n    image: [x]\n', 'services.web.image must be a string, got a sequence', 3, 5],
    ['services:\n  web:\n    image: x\n    privileged: 3\n', 'services.web.privileged must be a boolean or a string, got a number', 4, 5],
    ['services:\n  web:\n    extends: 3\n', 'services.web.extends must be a string or a mapping, got a number', 3, 5],
    ['services:\n  web:\n    environment:\n      A: [1]\n', 'services.web.environment.A must be a string, a number, a boolean or null, got a sequence', 4, 7],
    ['services:\n  web:\n    depends_on:\n      db:\n        condtion: service_started\n', 'services.web.depends_on.db: unknown key "condtion"', 5, 9],
    ['services:\n  web:\n    healthcheck:\n      interval: 5 seconds\n', 'services.web.healthcheck.interval must be a duration like "30s" or "1m30s", got "5 seconds"', 4, 7],
    ['services:\n  web:\n    cgroup: shared\n', 'services.web.cgroup must be one of "host", "private", got "shared"', 3, 5],
    ['services:\n  web:\n    volumes:\n      - type: bind\n        target: /x\n        bogus: 1\n', 'services.web.volumes[0]: unknown key "bogus"', 6, 9],
    ['servics:\n  web: {}\n', 'the top level: unknown key "servics"', 1, 1],
    ['networks:\n  front:\n    x-ok: 1\n    drivr: bridge\n', 'networks.front: unknown key "drivr"', 4, 5],
  ])('explains %j', (text, message, line, column) => {
    expect(() => validate(text)).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_SCHEMA', message, pos: { file: 'compose.yaml', line, column } }));
  });

  it('rejects x- keys where the spec has no extensions', () => {
    expect(() => validate('services:\n  web:\n    image: x\n    extends:\n      service: a\n      x-no: 1\n')).toThrow('services.web.extends: unknown key "x-no"');
  });
});
