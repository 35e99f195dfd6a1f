// The config hash of a service: what later decides whether a running
// container still matches the file or must be recreated.
import { createHash } from 'node:crypto';
import type { Service } from '../compose-schema/model.js';
import { serviceToSpec } from '../compose-schema/to-spec.js';

// Fields that change how many containers there are, how their image is
// obtained, in which order they start or what live reload does with them,
// never what one container is.
const IGNORED_FIELDS = ['build', 'pull_policy', 'scale', 'depends_on', 'profiles', 'develop'] as const;

/** SHA-256 (hex) of the service's normalized form, minus fields that don't shape a container. */
export function serviceConfigHash(service: Service): string {
  const spec: Record<string, unknown> = { ...serviceToSpec(service) };
  for (const field of IGNORED_FIELDS) delete spec[field];
  const deploy = spec['deploy'];
  if (deploy && typeof deploy === 'object' && !Array.isArray(deploy)) {
    const { replicas: _replicas, ...rest } = deploy as Record<string, unknown>;
    if (Object.keys(rest).length > 0) spec['deploy'] = rest;
    else delete spec['deploy'];
  }
  return createHash('sha256').update(canonicalJson(spec)).digest('hex');
}

/** JSON with keys sorted at every level, so equal values always hash equal. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v ?? null)).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
