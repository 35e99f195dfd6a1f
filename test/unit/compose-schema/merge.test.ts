import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { mergeTrees } from '../../../compose-schema/merge.js';
import { parseComposeYaml } from '../../../compose-schema/parse.js';
import { pathKey, type MergeTag, type TreeMap } from '../../../compose-schema/tree.js';

// YAML in, YAML out: merge two small files the way the loader does (the
// first onto an empty model, then the second onto the result).
function merge(base: string, override: string): TreeMap {
  const first = parseComposeYaml(base, 'compose.yaml');
  const second = parseComposeYaml(override, 'override.yaml');
  return mergeTrees(mergeTrees({}, first.tree, first.tags), second.tree, second.tags);
}

const service = (yaml: string) => `services:\n  a:\n${yaml.replace(/^/gm, '    ')}\n`;
const serviceA = (tree: TreeMap) => (tree['services'] as TreeMap)['a'];

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) Object.values(value).forEach(deepFreeze);
  return Object.freeze(value);
}

describe('mergeTrees: the merge rule of each field', () => {
  // [what, base service, override service, expected merged service]
  const cases: Array<[string, string, string, string]> = [
    ['scalars: the override wins, other keys stay', 'image: x\ntty: true', 'image: y', 'image: y\ntty: true'],
    ['command, entrypoint and healthcheck.test are replaced', 'command: [a, b]\nentrypoint: [x]\nhealthcheck: {test: [CMD, one], retries: 3}', 'command: [c]\nentrypoint: y\nhealthcheck: {test: [CMD, two]}', 'command: [c]\nentrypoint: y\nhealthcheck: {test: [CMD, two], retries: 3}'],
    ['command: null clears the command', 'command: [a]\nimage: x', 'command: null', 'command: null\nimage: x'],
    ['an empty value keeps the earlier one', 'networks: {front: {aliases: [w]}}', 'networks: {front: null}', 'networks: {front: {aliases: [w]}}'],
    ['environment: list then mapping becomes a mapping', 'environment: [A=1, B=2, C]', 'environment: {B: "3", D: x}', 'environment: {A: "1", B: "3", C: null, D: x}'],
    ['environment: two lists stay a list, one entry per key', 'environment: [A=1, B=2]', 'environment: [B=3, C=4, A]', 'environment: [A, B=3, C=4]'],
    ['environment: two mappings merge, an empty value wins', 'environment: {A: "1", B: "2"}', 'environment: {B: null}', 'environment: {A: "1", B: null}'],
    ['labels: mapping then list', 'labels: {tier: front}', 'labels: [debug=true, tier=back]', 'labels: {tier: back, debug: "true"}'],
    ['build.args: list then mapping', 'build: {context: ., args: [A=1, B=2]}', 'build: {args: {B: "3"}}', 'build: {context: ., args: {A: "1", B: "3"}}'],
    ['ports: one entry per address, across short and long forms', 'ports: ["8080:80", "127.0.0.1:9000:9000", 443, "53:53/udp"]', 'ports: [{target: 80, published: "8080", mode: host}, "3000:3000", "443", "0.0.0.0:53:53/udp"]', 'ports: [{target: 80, published: "8080", mode: host}, "127.0.0.1:9000:9000", "443", "0.0.0.0:53:53/udp", "3000:3000"]'],
    ['ports: the same port on another address or protocol is another entry', 'ports: ["80:80"]', 'ports: ["127.0.0.1:80:80", "80:80/udp", "[::1]:80:80", {target: 80, published: 80, host_ip: "::1"}]', 'ports: ["80:80", "127.0.0.1:80:80", "80:80/udp", {target: 80, published: 80, host_ip: "::1"}]'],
    ['volumes: one entry per container path', 'volumes: ["/a:/data", "v:/v", "/anon"]', 'volumes: ["/b:/data/", {type: volume, source: w, target: /v}]', 'volumes: ["/b:/data/", {type: volume, source: w, target: /v}, "/anon"]'],
    ['secrets: one entry per mount path', 'secrets: [s, {source: t, target: /run/t}, c]', 'secrets: [{source: u, target: /run/secrets/s}, {source: v, target: /run/t}, {source: c, target: c}]', 'secrets: [{source: u, target: /run/secrets/s}, {source: v, target: /run/t}, {source: c, target: c}]'],
    ['configs: one entry per mount path', 'configs: [c, {source: d, target: /etc/d}]', 'configs: [{source: c}, {source: e, target: /etc/d}, f]', 'configs: [{source: c}, {source: e, target: /etc/d}, f]'],
    ['env_file: one entry per path, in either form', 'env_file: /p/a.env', 'env_file: [{path: /p/a.env, required: false}, /p/b.env]', 'env_file: [{path: /p/a.env, required: false}, /p/b.env]'],
    ['dns written as a string joins a list', 'dns: 1.1.1.1', 'dns: [1.1.1.1, 8.8.8.8]', 'dns: [1.1.1.1, 8.8.8.8]'],
    ['tmpfs: one entry per mount point', 'tmpfs: [/run, /tmp]', 'tmpfs: /run:size=1m', 'tmpfs: ["/run:size=1m", /tmp]'],
    ['expose, cap_add, profiles and devices drop repeats', 'expose: [80]\ncap_add: [NET_ADMIN]\nprofiles: [dev]\ndevices: ["/dev/a:/dev/x"]', 'expose: ["80", 81]\ncap_add: [NET_ADMIN, SYS_TIME]\nprofiles: [dev, ci]\ndevices: ["/dev/b:/dev/x:r"]', 'expose: ["80", 81]\ncap_add: [NET_ADMIN, SYS_TIME]\nprofiles: [dev, ci]\ndevices: ["/dev/b:/dev/x:r"]'],
    ['depends_on: list then mapping becomes a mapping', 'depends_on: [db]', 'depends_on: {cache: {condition: service_healthy}}', 'depends_on: {db: {condition: service_started}, cache: {condition: service_healthy}}'],
    ['depends_on: two lists stay a list', 'depends_on: [db, cache]', 'depends_on: [cache, queue]', 'depends_on: [db, cache, queue]'],
    ['networks: list then mapping, aliases without repeats', 'networks: [front]\n', 'networks: {back: {aliases: [x]}}', 'networks: {front: null, back: {aliases: [x]}}'],
    ['networks: aliases of one network merge without repeats', 'networks: {front: {aliases: [a1, a2]}}', 'networks: {front: {aliases: [a3, a1]}}', 'networks: {front: {aliases: [a1, a2, a3]}}'],
    ['extra_hosts: both lists add the pairs not there yet', 'extra_hosts: [example.com=1.2.3.4]', 'extra_hosts: [localhost=127.0.0.1, "example.com:1.2.3.4", example.com=4.3.2.1]', 'extra_hosts: [example.com=1.2.3.4, localhost=127.0.0.1, example.com=4.3.2.1]'],
    ['extra_hosts: mappings become sorted lists', 'extra_hosts: {example.com: 1.2.3.4}', 'extra_hosts: {localhost: 127.0.0.1, example.com: [1.2.3.4, 4.3.2.1]}', 'extra_hosts: [example.com=1.2.3.4, example.com=4.3.2.1, localhost=127.0.0.1]'],
    ['logging: another driver replaces options', 'logging: {driver: json-file, options: {max-size: 1m}}', 'logging: {driver: syslog}', 'logging: {driver: syslog}'],
    ['logging: the same driver merges options', 'logging: {driver: syslog, options: {a: "1"}}', 'logging: {driver: syslog, options: {b: "2"}}', 'logging: {driver: syslog, options: {a: "1", b: "2"}}'],
    ['logging: no driver on one side merges options', 'logging: {driver: local, options: {a: "1"}}', 'logging: {options: {b: "2"}}', 'logging: {driver: local, options: {a: "1", b: "2"}}'],
    ['ulimits: each limit is replaced, never merged', 'ulimits: {nproc: 10, nofile: {soft: 1, hard: 2}}', 'ulimits: {nproc: {soft: 5, hard: 6}, nofile: {soft: 3}}', 'ulimits: {nproc: {soft: 5, hard: 6}, nofile: {soft: 3}}'],
    ['build: a string is the context', 'build: ./app', 'build: {target: dev}', 'build: {context: ./app, target: dev}'],
    ['build: a string replaces the context only', 'build: {context: ./app, target: dev}', 'build: ./other', 'build: {context: ./other, target: dev}'],
    ['build: tags and platforms drop repeats', 'build: {context: ., tags: [a], platforms: [linux/amd64]}', 'build: {tags: [a, b], platforms: [linux/arm64, linux/amd64]}', 'build: {context: ., tags: [a, b], platforms: [linux/amd64, linux/arm64]}'],
    ['other sequences append', 'security_opt: [a]\npost_start: [{command: x}]', 'post_start: [{command: y}]', 'security_opt: [a]\npost_start: [{command: x}, {command: y}]'],
  ];
  it.each(cases)('%s', (_what, base, override, expected) => {
    expect(serviceA(merge(service(base), service(override)))).toEqual(parse(expected));
  });
});

describe('mergeTrees: top-level sections', () => {
  it('merges networks, volumes, secrets and configs per key', () => {
    const out = merge(
      'networks: {front: {driver: bridge, labels: [a=1]}}\nvolumes: {data: {driver: local}}\nsecrets: {s: {file: /s}}\n',
      'networks: {front: {labels: {b: "2"}}, back: {}}\nvolumes: {data: null, cache: {}}\nconfigs: {c: {file: /c}}\n',
    );
    expect(out).toEqual(
      parse('networks: {front: {driver: bridge, labels: {a: "1", b: "2"}}, back: {}}\nvolumes: {data: {driver: local}, cache: {}}\nsecrets: {s: {file: /s}}\nconfigs: {c: {file: /c}}'),
    );
  });

  it('takes the later IPAM pools, each merged onto the earlier pool of its subnet', () => {
    const out = merge(
      'networks:\n  n:\n    ipam:\n      config:\n        - {subnet: 10.0.0.0/16, gateway: 10.0.0.1, aux_addresses: {a: 10.0.0.5}}\n',
      'networks:\n  n:\n    ipam:\n      config:\n        - {subnet: 10.0.0.0/16, ip_range: 10.0.1.0/24, aux_addresses: {b: 10.0.0.6}}\n        - {subnet: 10.1.0.0/16}\n',
    );
    expect(out).toEqual(
      parse('networks:\n  n:\n    ipam:\n      config:\n        - {subnet: 10.0.0.0/16, gateway: 10.0.0.1, ip_range: 10.0.1.0/24, aux_addresses: {a: 10.0.0.5, b: 10.0.0.6}}\n        - {subnet: 10.1.0.0/16}'),
    );
  });

  it('collapses repeats within the first file too, as compose does', () => {
    const first = parseComposeYaml(service('ports: ["80:80", "8080:80", "80:80"]\nenvironment: [A=1, A=2]\nvolumes: ["/x:/d", "/y:/d"]'), 'compose.yaml');
    expect(serviceA(mergeTrees({}, first.tree, first.tags))).toEqual(parse('ports: ["80:80", "8080:80"]\nenvironment: [A=2]\nvolumes: ["/y:/d"]'));
  });

  it('never changes its inputs', () => {
    const base = deepFreeze(parse(service('ports: ["80:80"]\nenvironment: [A=1]\nbuild: ./app')) as TreeMap);
    const over = deepFreeze(parse(service('ports: ["81:81"]\nenvironment: {B: "2"}\nbuild: {target: t}')) as TreeMap);
    expect(serviceA(mergeTrees(base, over))).toEqual(parse('ports: ["80:80", "81:81"]\nenvironment: {A: "1", B: "2"}\nbuild: {context: ./app, target: t}'));
  });
});

describe('mergeTrees: !reset and !override', () => {
  const cases: Array<[string, string, string, string]> = [
    ['!reset removes a value of any type', 'image: x\ncommand: [serve]\nports: ["80:80"]\nlabels: {a: b}', 'command: !reset null\nports: !reset []\nlabels: !reset {}', 'image: x'],
    ['!reset removes one key of a mapping', 'environment: {KEEP: "1", DROP: "2"}', 'environment:\n  DROP: !reset', 'environment: {KEEP: "1"}'],
    ['!reset removes a key the earlier file wrote as a list', 'environment: [KEEP=1, DROP=2]', 'environment:\n  DROP: !reset\n  NEW: "3"', 'environment: {KEEP: "1", NEW: "3"}'],
    ['a !reset item is left out of the later list', 'ports: ["80:80"]', 'ports:\n  - !reset "81:81"\n  - "82:82"', 'ports: ["80:80", "82:82"]'],
    ['!override replaces instead of merging', 'image: x\nports: ["80:80", "443:443"]\nenvironment: {A: "1"}', 'ports: !override ["8080:80"]\nenvironment: !override {B: "2"}', 'image: x\nports: ["8080:80"]\nenvironment: {B: "2"}'],
    ['!reset inside an !override value is dropped', 'logging: {driver: a, options: {x: "1"}}', 'logging: !override\n  driver: b\n  options: !reset {}', 'logging: {driver: b}'],
  ];
  it.each(cases)('%s', (_what, base, override, expected) => {
    expect(serviceA(merge(service(base), service(override)))).toEqual(parse(expected));
  });

  it('replaces a whole service with !override', () => {
    expect(merge('services:\n  a: {image: x, tty: true}\n', 'services:\n  a: !override\n    image: y\n')).toEqual({ services: { a: { image: 'y' } } });
  });

  it('drops a !reset value that has nothing to reset', () => {
    const file = parseComposeYaml(service('image: x\ntty: !reset true\nports: [!reset "80:80", "81:81"]'), 'c.yaml');
    expect(mergeTrees({}, file.tree, file.tags)).toEqual({ services: { a: { image: 'x', ports: ['81:81'] } } });
  });

  it('clears the earlier value even when the later tree no longer has the key', () => {
    // An `extends` already applied the tag and removed the key from the later tree.
    const tags = new Map<string, MergeTag>([[pathKey(['services', 'a', 'command']), 'reset']]);
    const base = { services: { a: { image: 'x', command: ['serve'] } } };
    expect(mergeTrees(base, { services: { a: { tty: true } } }, tags)).toEqual({ services: { a: { image: 'x', tty: true } } });
  });

  it('looks tags up under overridePath when merging a service onto its base', () => {
    const tags = new Map<string, MergeTag>([
      [pathKey(['services', 'web', 'ports']), 'override'],
      [pathKey(['services', 'web', 'volumes']), 'reset'],
      [pathKey(['services', 'other', 'image']), 'reset'],
    ]);
    const base = { image: 'b', ports: ['80:80'], volumes: ['/a:/a'] };
    expect(mergeTrees(base, { ports: ['81:81'], volumes: [] }, tags, ['services', 'web'])).toEqual({ image: 'b', ports: ['81:81'] });
  });
});
