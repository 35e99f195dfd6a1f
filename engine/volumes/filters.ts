// `volume ls --filter`: docker's keys and how they combine. Values of one key
// are alternatives (name=a --filter name=b lists both), different keys must all
// hold, and every label filter must hold (as docker's MatchKVList).
import { UsageError } from '../../errors.js';
import type { VolumeRecord } from './record.js';

export type VolumeFilterKey = 'name' | 'label' | 'dangling' | 'driver';
export interface VolumeFilter {
  readonly key: VolumeFilterKey;
  readonly value: string;
}

const KEYS: readonly string[] = ['name', 'label', 'dangling', 'driver'];

/** `key=value` as given to --filter. */
export function parseVolumeFilter(text: string): VolumeFilter {
  const eq = text.indexOf('=');
  const key = eq < 0 ? text : text.slice(0, eq);
  const value = eq < 0 ? '' : text.slice(eq + 1);
  if (!KEYS.includes(key) || eq < 0) throw new UsageError(`invalid filter "${text}": use name=, label=, dangling= or driver=`);
  if (key === 'dangling' && !['true', 'false', '1', '0'].includes(value)) throw new UsageError(`invalid filter "${text}": dangling is true or false`);
  return { key: key as VolumeFilterKey, value };
}

/** Whether `volume` passes every filter; `inUse` is asked only when a dangling filter needs it. */
export function matchesVolumeFilters(volume: VolumeRecord, filters: readonly VolumeFilter[], inUse: () => ReadonlySet<string>): boolean {
  const byKey = new Map<VolumeFilterKey, string[]>();
  for (const f of filters) byKey.set(f.key, [...(byKey.get(f.key) ?? []), f.value]);
  return [...byKey].every(([key, values]) => {
    switch (key) {
      case 'name':
        return values.some((v) => matchesName(volume.Name, v));
      case 'driver':
        return values.includes(volume.Driver);
      case 'dangling':
        return values.some((v) => (v === 'true' || v === '1') !== inUse().has(volume.Name));
      case 'label':
        return values.every((v) => hasLabel(volume.Labels, v));
    }
  });
}

/** docker matches names exactly or as a regular expression (so a plain word is a substring). */
function matchesName(name: string, pattern: string): boolean {
  if (name === pattern) return true;
  try {
    return new RegExp(pattern).test(name);
  } catch {
    return name.includes(pattern); // not a valid expression: docker skips it; a substring is kinder
  }
}

/** `key` (present with any value) or `key=value`. */
function hasLabel(labels: Readonly<Record<string, string>>, filter: string): boolean {
  const eq = filter.indexOf('=');
  if (eq < 0) return Object.hasOwn(labels, filter);
  const key = filter.slice(0, eq);
  return Object.hasOwn(labels, key) && labels[key] === filter.slice(eq + 1);
}
