// Names what differs between the container a service would get now and the
// one that exists, in the compose file's words, so that `up` can say why it
// recreates: `config changed: environment.DEBUG, command`.
import type { ContainerConfig } from '../../engine/container/config.js';
import { canonicalJson } from '../hash.js';

// Engine fields whose compose name is not simply their snake_case form.
const COMPOSE_NAMES: Readonly<Record<string, string>> = {
  cmd: 'command',
  env: 'environment',
  binds: 'volumes',
  dnsOptions: 'dns_opt',
  noNewPrivileges: 'security_opt',
  pidMode: 'pid',
  ipcMode: 'ipc',
  utsMode: 'uts',
  stopTimeout: 'stop_grace_period',
  openStdin: 'stdin_open',
  log: 'logging',
  resources: 'deploy.resources',
};

// Set by the planner, not the file: they differ between any two replicas
// or recreates and say nothing about what changed.
const IGNORED_FIELDS = new Set(['name']);
const COMPOSE_LABEL_PREFIX = 'com.docker.compose.';

/** Compose names of the fields that differ, keyed fields (environment, labels) down to the key; in a stable order. */
export function changedFields(desired: ContainerConfig, observed: ContainerConfig): string[] {
  const changed = new Set<string>();
  const fields = new Set([...Object.keys(desired), ...Object.keys(observed)]);
  for (const field of [...fields].sort()) {
    if (IGNORED_FIELDS.has(field)) continue;
    const a = desired[field as keyof ContainerConfig];
    const b = observed[field as keyof ContainerConfig];
    if (field === 'env') for (const key of changedKeys(envMap(desired.env), envMap(observed.env))) changed.add(`environment.${key}`);
    else if (field === 'labels') for (const key of changedKeys(userLabels(desired.labels), userLabels(observed.labels))) changed.add(`labels.${key}`);
    else if (field === 'volumes') {
      if (canonicalJson(volumeShapes(desired)) !== canonicalJson(volumeShapes(observed))) changed.add('volumes');
    } else if (canonicalJson(a ?? null) !== canonicalJson(b ?? null)) changed.add(composeName(field));
  }
  return [...changed];
}

export function composeName(field: string): string {
  return COMPOSE_NAMES[field] ?? field.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

function envMap(env: readonly string[] | undefined): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of env ?? []) {
    const eq = entry.indexOf('=');
    map[eq < 0 ? entry : entry.slice(0, eq)] = eq < 0 ? '' : entry.slice(eq + 1);
  }
  return map;
}

function userLabels(labels: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).filter(([key]) => !key.startsWith(COMPOSE_LABEL_PREFIX)));
}

function changedKeys(a: Record<string, string>, b: Record<string, string>): string[] {
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => a[key] !== b[key]).sort();
}

// An anonymous volume gets its name when it is made (or inherited on a
// recreate): only its place and options say what the file asked for.
function volumeShapes(config: ContainerConfig): unknown[] {
  return (config.volumes ?? []).map((volume) => (volume.anonymous ? { ...volume, name: undefined } : volume));
}
