// The model as `flotilla config` prints it: the spec's long form, keys
// sorted, durations written as Go prints them.
import type { Project, Service } from './model.js';
import { formatDuration } from './units.js';

const DURATION_PATHS = new Set([
  'stop_grace_period',
  'healthcheck.interval',
  'healthcheck.timeout',
  'healthcheck.start_period',
  'healthcheck.start_interval',
  'deploy.restart_policy.delay',
  'deploy.restart_policy.window',
]);

/** The project's printable tree: name, services, networks, volumes, secrets, configs, then extensions. */
export function projectToSpec(project: Project): Record<string, unknown> {
  const out: Record<string, unknown> = { name: project.name };
  out['services'] = Object.fromEntries(Object.keys(project.services).sort().map((name) => [name, serviceToSpec(project.services[name]!)]));
  for (const section of ['networks', 'volumes', 'secrets', 'configs'] as const) {
    if (Object.keys(project[section]).length > 0) out[section] = sortKeys(project[section], '');
  }
  for (const [key, value] of Object.entries(project.extensions ?? {})) out[key] = value;
  return out;
}

/** One service's printable tree (also what the config hash is computed over). */
export function serviceToSpec(service: Service): Record<string, unknown> {
  return sortKeys(service, '') as Record<string, unknown>;
}

function sortKeys(value: unknown, path: string): unknown {
  if (typeof value === 'number' && DURATION_PATHS.has(path)) return formatDuration(value);
  if (Array.isArray(value)) return value.map((item) => sortKeys(item, `${path}[]`));
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) {
    const child = (value as Record<string, unknown>)[key];
    if (child !== undefined) out[key] = sortKeys(child, path === '' ? key : `${path}.${key}`);
  }
  return out;
}
