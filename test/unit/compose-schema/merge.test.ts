import { describe, expect, it } from 'vitest';
import { parseComposeYaml } from '../../../compose-schema/parse.js';
import { mergeTrees } from '../../../compose-schema/merge.js';

// YAML in, YAML out: merge two small files the way the loader does.
function merge(base: string, override: string) {
  const over = parseComposeYaml(override, 'override.yaml');
  return mergeTrees(parseComposeYaml(base, 'base.yaml').tree, over.tree, over.tags);
}

describe('mergeTrees', () => {
  it('merges mappings and lets scalars of the override win', () => {
    expect(merge('services:\n  a:\n    image: x\n    tty: true\n', 'services:\n  a:\n    image: y\n  b:\n    image: z\n')).toEqual({
      services: { a: { image: 'y', tty: true }, b: { image: 'z' } },
    });
  });

  it('replaces command, entrypoint and healthcheck.test', () => {
    const out = merge(
      'services:\n  a:\n    command: [a, b]\n    entrypoint: [x]\n    healthcheck:\n      test: [CMD, one]\n      retries: 3\n',
      'services:\n  a:\n    command: [c]\n    entrypoint: y\n    healthcheck:\n      test: [CMD, two]\n',
    );
    expect(out['services']).toEqual({ a: { command: ['c'], entrypoint: 'y', healthcheck: { test: ['CMD', 'two'], retries: 3 } } });
  });

  it('merges environment written as a list and as a mapping', () => {
    const out = merge('services:\n  a:\n    environment: [A=1, B=2, C]\n', 'services:\n  a:\n    environment:\n      B: "3"\n      D: x\n');
    expect(out['services']).toEqual({ a: { environment: { A: '1', B: '3', C: null, D: 'x' } } });
  });

  it('keeps ports unique by address, across short and long forms', () => {
    const out = merge(
      'services:\n  a:\n    ports: ["8080:80", "127.0.0.1:9000:9000", 443]\n',
      'services:\n  a:\n    ports:\n      - target: 80\n        published: "8080"\n        mode: host\n      - "3000:3000"\n      - "443"\n',
    );
    expect(out['services']).toEqual({
      a: { ports: [{ target: 80, published: '8080', mode: 'host' }, '127.0.0.1:9000:9000', '443', '3000:3000'] },
    });
  });

  it('keeps volumes unique by target and secrets by target', () => {
    const out = merge(
      'services:\n  a:\n    volumes: ["./a:/data", "v:/v"]\n    secrets: [s, {source: t, target: /run/t}]\n',
      'services:\n  a:\n    volumes: ["./b:/data", "/anon"]\n    secrets: [{source: u, target: /run/t}, s]\n',
    );
    expect(out['services']).toEqual({
      a: { volumes: ['./b:/data', 'v:/v', '/anon'], secrets: ['s', { source: 'u', target: '/run/t' }] },
    });
  });

  it('appends dns written as a string to a list, without duplicates', () => {
    expect(merge('services:\n  a:\n    dns: 1.1.1.1\n', 'services:\n  a:\n    dns: [1.1.1.1, 8.8.8.8]\n')['services']).toEqual({
      a: { dns: ['1.1.1.1', '8.8.8.8'] },
    });
  });

  it('merges depends_on and networks across list and mapping forms', () => {
    const out = merge(
      'services:\n  a:\n    depends_on: [db]\n    networks: [front]\n',
      'services:\n  a:\n    depends_on:\n      cache:\n        condition: service_healthy\n    networks:\n      back:\n        aliases: [x]\n',
    );
    expect(out['services']).toEqual({
      a: {
        depends_on: { db: { condition: 'service_started' }, cache: { condition: 'service_healthy' } },
        networks: { front: null, back: { aliases: ['x'] } },
      },
    });
  });

  it('merges build written as a string with the mapping form', () => {
    expect(merge('services:\n  a:\n    build: ./app\n', 'services:\n  a:\n    build:\n      target: dev\n')['services']).toEqual({
      a: { build: { context: './app', target: 'dev' } },
    });
  });

  it('replaces logging when the driver changes and merges options otherwise', () => {
    const base = 'services:\n  a:\n    logging:\n      driver: json-file\n      options:\n        max-size: 1m\n';
    expect(merge(base, 'services:\n  a:\n    logging:\n      driver: syslog\n')['services']).toEqual({ a: { logging: { driver: 'syslog' } } });
    expect(merge(base, 'services:\n  a:\n    logging:\n      options:\n        max-file: "3"\n')['services']).toEqual({
      a: { logging: { driver: 'json-file', options: { 'max-size': '1m', 'max-file': '3' } } },
    });
  });

  it('drops !reset values and replaces !override values wholesale', () => {
    const out = merge(
      'services:\n  a:\n    image: x\n    command: [serve]\n    ports: ["80:80", "443:443"]\n    environment: {KEEP: "1", DROP: "2"}\n',
      'services:\n  a:\n    command: !reset null\n    ports: !override ["8080:80"]\n    environment:\n      DROP: !reset\n',
    );
    expect(out['services']).toEqual({ a: { image: 'x', ports: ['8080:80'], environment: { KEEP: '1' } } });
  });

  it('drops a !reset value that has nothing to reset', () => {
    expect(mergeTrees({}, parseComposeYaml('services:\n  a:\n    image: x\n    tty: !reset true\n', 'c.yaml').tree, parseComposeYaml('services:\n  a:\n    image: x\n    tty: !reset true\n', 'c.yaml').tags)).toEqual({
      services: { a: { image: 'x' } },
    });
  });
});
