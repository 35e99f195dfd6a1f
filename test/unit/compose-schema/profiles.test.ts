import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ComposeError } from '../../../errors.js';
import { applyProfiles, dependenciesOf, listProfiles } from '../../../compose-schema/profiles.js';
import { parseComposeYaml } from '../../../compose-schema/parse.js';
import type { Locator, TreeMap } from '../../../compose-schema/tree.js';

const project = parse(`
services:
  app:
    image: app
  debug:
    image: debugger
    profiles: [debug]
  db-admin:
    image: adminer
    profiles: [tools, debug]
    depends_on: [db]
  db:
    image: postgres
    profiles: [db]
  migrate:
    image: migrate
    profiles: [db]
    depends_on: [db]
`) as TreeMap;

const nowhere: Locator = () => undefined;

function enabled(profiles: string[], enabledServices: string[] = [], tree: TreeMap = project) {
  const { tree: out, disabled } = applyProfiles(tree, { profiles, enabledServices, locate: nowhere });
  return { services: Object.keys(out['services'] as object).sort(), disabled };
}

function thrown(run: () => unknown): ComposeError {
  try {
    run();
  } catch (error) {
    if (error instanceof ComposeError) return error;
    throw error;
  }
  throw new Error('expected a ComposeError');
}

describe('applyProfiles', () => {
  // [what, active profiles, services named on the command line, enabled, disabled]
  const cases: Array<[string, string[], string[], string[], string[]]> = [
    ['no profile: only services without profiles', [], [], ['app'], ['db', 'db-admin', 'debug', 'migrate']],
    ['one profile enables its services', ['db'], [], ['app', 'db', 'migrate'], ['db-admin', 'debug']],
    ['a service needs only one of its profiles', ['db', 'tools'], [], ['app', 'db', 'db-admin', 'migrate'], ['debug']],
    ['* enables every service', ['*'], [], ['app', 'db', 'db-admin', 'debug', 'migrate'], []],
    ['an unknown profile enables nothing more', ['nope'], [], ['app'], ['db', 'db-admin', 'debug', 'migrate']],
    ['naming a service activates its profiles', [], ['migrate'], ['app', 'db', 'migrate'], ['db-admin', 'debug']],
    ['other services of a named service\'s profiles stay disabled', [], ['debug'], ['app', 'debug'], ['db', 'db-admin', 'migrate']],
    ['naming a service enabled by a profile adds nothing', ['db'], ['migrate'], ['app', 'db', 'migrate'], ['db-admin', 'debug']],
    ['naming a service without profiles changes nothing', [], ['app'], ['app'], ['db', 'db-admin', 'debug', 'migrate']],
  ];
  it.each(cases)('%s', (_what, profiles, named, services, disabled) => {
    expect(enabled(profiles, named)).toEqual({ services, disabled });
  });

  it('activates all the profiles of every named service the given profiles leave disabled', () => {
    const tree = parse('services:\n  x: {image: x, profiles: [p], depends_on: [z]}\n  y: {image: y, profiles: [p, q]}\n  z: {image: z, profiles: [q]}\n  w: {image: w, profiles: [q]}\n') as TreeMap;
    expect(enabled([], ['x', 'y'], tree)).toEqual({ services: ['x', 'y', 'z'], disabled: ['w'] });
    expect(() => enabled([], ['x'], tree)).toThrow('services.x.depends_on[0]: service "z" is required by "x" but is disabled; enable it with --profile q');
  });

  it('pulls in the dependencies of a named service that its profiles enable, transitively', () => {
    const tree = parse('services:\n  a: {image: a, profiles: [t], depends_on: [b]}\n  b: {image: b, profiles: [t], links: [c]}\n  c: {image: c}\n  d: {image: d, profiles: [t]}\n') as TreeMap;
    expect(enabled([], ['a'], tree)).toEqual({ services: ['a', 'b', 'c'], disabled: ['d'] });
  });

  it('refuses a service the given profiles enable when it needs a disabled one', () => {
    expect(() => enabled(['debug'])).toThrow('services.db-admin.depends_on[0]: service "db" is required by "db-admin" but is disabled; enable it with --profile db');
  });

  it('returns the same tree when every service is enabled', () => {
    const tree = parse('services:\n  a: {image: a}\n') as TreeMap;
    expect(applyProfiles(tree, { profiles: [], locate: nowhere }).tree).toBe(tree);
  });

  it('does not pull in a disabled dependency of a named service: it is an error, as in compose', () => {
    const error = thrown(() => enabled([], ['db-admin']));
    expect(error.code).toBe('FLOTILLA_COMPOSE_UNDEFINED_REFERENCE');
    expect(error.message).toBe('services.db-admin.depends_on[0]: service "db" is required by "db-admin" but is disabled; enable it with --profile db');
  });

  it('points at the dependency that needs the disabled service', () => {
    const file = parseComposeYaml('services:\n  app:\n    image: app\n    depends_on:\n      cache:\n        condition: service_started\n  cache:\n    image: redis\n    profiles: [cache, full]\n', '/p/compose.yaml');
    const error = thrown(() => applyProfiles(file.tree, { profiles: [], locate: (p) => file.sourceMap.lookup(p) }));
    expect(error.message).toBe('services.app.depends_on.cache: service "cache" is required by "app" but is disabled; enable it with --profile cache or --profile full');
    expect(error.pos).toEqual({ file: '/p/compose.yaml', line: 5, column: 7 });
  });

  it.each([
    ['links', 'links: ["db:database"]', 'services.app.links[0]'],
    ['volumes_from', 'volumes_from: ["db:ro"]', 'services.app.volumes_from[0]'],
    ['network_mode', 'network_mode: "service:db"', 'services.app.network_mode'],
    ['ipc', 'ipc: "service:db"', 'services.app.ipc'],
  ])('refuses a disabled service needed through %s', (_via, line, path) => {
    const tree = parse(`services:\n  app:\n    image: a\n    ${line}\n  db:\n    image: pg\n    profiles: [db]\n`) as TreeMap;
    expect(() => applyProfiles(tree, { profiles: [], locate: nowhere })).toThrow(`${path}: service "db" is required by "app" but is disabled; enable it with --profile db`);
  });

  it('accepts a disabled dependency that is not required, and containers in volumes_from', () => {
    const tree = parse('services:\n  app:\n    image: a\n    volumes_from: ["container:x"]\n    depends_on: {db: {condition: service_started, required: false}}\n  db: {image: pg, profiles: [db]}\n') as TreeMap;
    expect(enabled([], [], tree)).toEqual({ services: ['app'], disabled: ['db'] });
  });
});

describe('dependenciesOf', () => {
  it('lists every service a service needs, and where', () => {
    const svc = parse('depends_on: {db: {condition: service_healthy}, log: {required: false}}\nlinks: ["cache:c"]\nvolumes_from: [data, "container:x"]\npid: "service:init"\nnetwork_mode: host\n') as TreeMap;
    expect(dependenciesOf(svc)).toEqual([
      { service: 'db', required: true, via: 'depends_on', path: ['depends_on', 'db'] },
      { service: 'log', required: false, via: 'depends_on', path: ['depends_on', 'log'] },
      { service: 'cache', required: true, via: 'links', path: ['links', 0] },
      { service: 'data', required: true, via: 'volumes_from', path: ['volumes_from', 0] },
      { service: 'init', required: true, via: 'pid', path: ['pid'] },
    ]);
  });
});

describe('listProfiles', () => {
  it('lists every profile once, sorted, disabled services included', () => {
    expect(listProfiles(project)).toEqual(['db', 'debug', 'tools']);
    expect(listProfiles({ services: { a: { image: 'a' } } })).toEqual([]);
  });
});
