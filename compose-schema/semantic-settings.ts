// Settings of one service that contradict each other or cannot run, as
// compose's consistency check finds them, and top-level secrets with no source.
import { ComposeErrorCode } from '../errors.js';
import { At } from './normalize-context.js';
import { cleanTarget, parseShortVolume } from './normalize-volumes.js';
import { formatPath, isMap, type Locator, type Tree, type TreeMap } from './tree.js';
import { parseByteSize } from './units.js';

const HEALTHCHECK_KINDS = new Set(['CMD', 'CMD-SHELL', 'NONE']);
// Watch actions that need no target in the container.
const TARGETLESS_ACTIONS = new Set(['rebuild', 'restart']);

export function checkServiceSettings(name: string, svc: TreeMap, services: TreeMap, at: At): void {
  if (svc['image'] === undefined && svc['build'] === undefined && svc['provider'] === undefined) {
    at.fail(`service "${name}" has neither an image nor a build context specified`);
  }
  checkBuild(svc, services, at.child('build'));
  const networks = svc['networks'];
  if (svc['network_mode'] !== undefined && (Array.isArray(networks) ? networks.length > 0 : isMap(networks) && Object.keys(networks).length > 0)) {
    at.fail('network_mode and networks cannot both be set');
  }
  const test = isMap(svc['healthcheck']) ? svc['healthcheck']['test'] : undefined;
  if (Array.isArray(test) && test.length > 0 && !HEALTHCHECK_KINDS.has(String(test[0]))) {
    at.child('healthcheck', 'test').fail(`must start with "CMD", "CMD-SHELL" or "NONE", got ${JSON.stringify(test[0])}`);
  }
  checkScale(svc, at);
  checkResourceTwins(svc, at);
  checkWatch(svc, at);
  checkMountTargets(svc, at);
}

function checkBuild(svc: TreeMap, services: TreeMap, at: At): void {
  const build = svc['build'];
  if (!isMap(build)) return;
  if (build['dockerfile'] !== undefined && build['dockerfile_inline'] !== undefined) at.fail('dockerfile and dockerfile_inline cannot both be set');
  const contexts = isMap(build['additional_contexts']) ? build['additional_contexts'] : {};
  for (const [key, value] of Object.entries(contexts)) {
    if (typeof value !== 'string' || !value.startsWith('service:')) continue;
    const target = value.slice('service:'.length);
    const here = at.child('additional_contexts', key);
    if (!isMap(services[target])) here.fail(`service "${target}" is not defined`, ComposeErrorCode.UndefinedReference);
    if ((services[target] as TreeMap)['build'] === undefined) here.fail(`service "${target}" has no build section to use as a context`);
  }
  const platforms = Array.isArray(build['platforms']) ? build['platforms'].map(String) : [];
  if (platforms.length > 0 && typeof svc['platform'] === 'string' && !platforms.includes(svc['platform'])) {
    at.child('platforms').fail(`must include the service's platform "${svc['platform']}"`);
  }
}

function checkScale(svc: TreeMap, at: At): void {
  const deploy = isMap(svc['deploy']) ? svc['deploy'] : {};
  const scale = svc['scale'];
  const replicas = deploy['replicas'];
  if (typeof scale === 'number' && scale < 0) at.child('scale').fail(`must be 0 or more, got ${scale}`);
  if (typeof replicas === 'number' && replicas < 0) at.child('deploy', 'replicas').fail(`must be 0 or more, got ${replicas}`);
  if (typeof scale === 'number' && typeof replicas === 'number' && scale !== replicas) {
    at.fail(`scale (${scale}) and deploy.replicas (${replicas}) differ: set only one`);
  }
  const count = typeof scale === 'number' ? scale : typeof replicas === 'number' ? replicas : 1;
  if (svc['container_name'] !== undefined && count > 1) {
    at.child('container_name').fail(`container_name "${String(svc['container_name'])}" cannot be used with ${count} replicas: container names must be unique`);
  }
}

// The service-level keys docker's engine API shares with deploy.resources: both may be given only if equal.
function checkResourceTwins(svc: TreeMap, at: At): void {
  const resources = isMap(svc['deploy']) && isMap(svc['deploy']['resources']) ? svc['deploy']['resources'] : {};
  const twins: [string, string, string, (v: Tree) => number | undefined][] = [
    ['cpus', 'limits', 'cpus', (v) => Number(v)],
    ['mem_limit', 'limits', 'memory', bytes],
    ['mem_reservation', 'reservations', 'memory', bytes],
    ['pids_limit', 'limits', 'pids', (v) => Number(v)],
  ];
  for (const [key, kind, field, read] of twins) {
    const own = svc[key];
    const section = resources[kind];
    const other = isMap(section) ? section[field] : undefined;
    if (own === undefined || own === null || other === undefined || other === null) continue;
    const [a, b] = [read(own), read(other)];
    if (a !== undefined && b !== undefined && a !== b) at.fail(`${key} and deploy.resources.${kind}.${field} differ: set only one`);
  }
}

function bytes(value: Tree): number | undefined {
  return typeof value === 'string' || typeof value === 'number' ? parseByteSize(value) : undefined;
}

function checkWatch(svc: TreeMap, at: At): void {
  const watch = isMap(svc['develop']) ? svc['develop']['watch'] : undefined;
  (Array.isArray(watch) ? watch : []).forEach((rule, i) => {
    if (!isMap(rule) || rule['target'] !== undefined || TARGETLESS_ACTIONS.has(String(rule['action']))) return;
    at.child('develop', 'watch', i).fail(`target is required for the "${String(rule['action'])}" action`);
  });
}

// Two mounts (tmpfs or volumes) on one path in the container.
function checkMountTargets(svc: TreeMap, at: At): void {
  const seen = new Map<string, At>();
  const claim = (target: string | undefined, here: At) => {
    if (target === undefined || target === '') return;
    const earlier = seen.get(target);
    if (earlier) here.fail(`target ${target} is already mounted by ${formatPath(earlier.path)}`);
    seen.set(target, here);
  };
  const tmpfs = svc['tmpfs'];
  (Array.isArray(tmpfs) ? tmpfs : tmpfs === undefined || tmpfs === null ? [] : [tmpfs]).forEach((entry, i) => {
    claim(String(entry).split(':')[0], Array.isArray(tmpfs) ? at.child('tmpfs', i) : at.child('tmpfs'));
  });
  (Array.isArray(svc['volumes']) ? svc['volumes'] : []).forEach((volume, i) => {
    claim(mountTarget(volume), at.child('volumes', i));
  });
}

function mountTarget(volume: Tree): string | undefined {
  if (isMap(volume)) return typeof volume['target'] === 'string' ? cleanTarget(volume['target']) : undefined;
  const parsed = parseShortVolume(String(volume));
  return typeof parsed === 'string' ? undefined : cleanTarget(parsed.target);
}

/** A secret must say where its value comes from, unless it is external. */
export function checkTopLevelSecrets(tree: TreeMap, locate: Locator): void {
  const secrets = isMap(tree['secrets']) ? tree['secrets'] : {};
  for (const name of Object.keys(secrets).sort()) {
    const secret = isMap(secrets[name]) ? (secrets[name] as TreeMap) : {};
    if (secret['external'] === true || isMap(secret['external'])) continue;
    if (secret['file'] === undefined && secret['environment'] === undefined) {
      new At(['secrets', name], { locate }).fail(`secret "${name}" must declare either file or environment`);
    }
  }
}
