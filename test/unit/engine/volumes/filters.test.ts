// `volume ls --filter`: parsing, and how filters of one key and of several combine.
import { describe, expect, it } from 'vitest';
import { matchesVolumeFilters, parseVolumeFilter } from '../../../../engine/volumes/filters.js';
import type { VolumeRecord } from '../../../../engine/volumes/record.js';

const volume = (Name: string, Labels: Record<string, string> = {}): VolumeRecord => ({
  Name, Driver: 'local', Mountpoint: `/r/volumes/${Name}/_data`, CreatedAt: '2024-01-01T00:00:00Z', Labels, Options: {}, Scope: 'local', Anonymous: false,
});
const volumes = [volume('web-data', { app: 'web', tier: 'front' }), volume('db-data', { app: 'db' }), volume('scratch')];
const inUse = new Set(['db-data']);

function names(...specs: string[]): string[] {
  const filters = specs.map(parseVolumeFilter);
  return volumes.filter((v) => matchesVolumeFilters(v, filters, () => inUse)).map((v) => v.Name);
}

describe('parseVolumeFilter', () => {
  it('takes name, label, dangling and driver', () => {
    expect(parseVolumeFilter('label=a=b')).toEqual({ key: 'label', value: 'a=b' });
    expect(parseVolumeFilter('dangling=true')).toEqual({ key: 'dangling', value: 'true' });
  });

  it('rejects unknown keys, missing values and non-boolean dangling', () => {
    expect(() => parseVolumeFilter('status=x')).toThrow(/invalid filter "status=x"/);
    expect(() => parseVolumeFilter('name')).toThrow(/invalid filter "name"/);
    expect(() => parseVolumeFilter('dangling=maybe')).toThrow(/dangling is true or false/);
  });
});

describe('matchesVolumeFilters', () => {
  it('keeps everything without filters', () => {
    expect(names()).toEqual(['web-data', 'db-data', 'scratch']);
  });

  it('matches names as docker does: exactly or as a regular expression', () => {
    expect(names('name=data')).toEqual(['web-data', 'db-data']);
    expect(names('name=^db')).toEqual(['db-data']);
    expect(names('name=web-data', 'name=scratch')).toEqual(['web-data', 'scratch']);
    expect(names('name=[')).toEqual([]); // an invalid expression matches as a substring
  });

  it('needs every label filter to hold, by key or key=value', () => {
    expect(names('label=app')).toEqual(['web-data', 'db-data']);
    expect(names('label=app=db')).toEqual(['db-data']);
    expect(names('label=app', 'label=tier=front')).toEqual(['web-data']);
    expect(names('label=app=nope')).toEqual([]);
  });

  it('tells dangling (no container references it) from used volumes', () => {
    expect(names('dangling=true')).toEqual(['web-data', 'scratch']);
    expect(names('dangling=0')).toEqual(['db-data']);
  });

  it('needs every key to hold', () => {
    expect(names('label=app', 'dangling=true')).toEqual(['web-data']);
    expect(names('driver=local', 'name=scratch')).toEqual(['scratch']);
    expect(names('driver=nfs')).toEqual([]);
  });

  it('asks which volumes are in use only for a dangling filter', () => {
    let asked = 0;
    const count = () => (asked++, inUse);
    volumes.forEach((v) => matchesVolumeFilters(v, [parseVolumeFilter('name=data')], count));
    expect(asked).toBe(0);
  });
});
