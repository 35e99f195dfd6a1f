// The volume store on a temp root: idempotent create, what counts as in use
// (container records written by hand, in the shape engine/container/record.ts
// defines), and that remove and prune never touch a used volume.
import { existsSync, linkSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EngineErrorCode } from '../../../../errors.js';
import { createVolume, getVolume, listVolumes, pruneVolumes, removeVolume, volumesInUse, volumeUsers } from '../../../../engine/volumes/index.js';
import { diskUsage } from '../../../../engine/volumes/usage.js';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'flotilla-volumes-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

/** A stopped container's record, as the engine writes it, referencing `volumes`. */
function fakeContainer(id: string, name: string, volumes?: string[]): void {
  const dir = join(root, 'containers', id);
  mkdirSync(dir, { recursive: true });
  const record = {
    id, name, created: new Date().toISOString(),
    config: { image: 'busybox', ...(volumes && { volumes: volumes.map((v, i) => ({ name: v, target: `/mnt/${i}` })) }) },
    image: { name: 'busybox', manifest: 'sha256:00', id: 'sha256:11' },
    process: { args: ['sh'] }, hostname: id.slice(0, 12), stopSignal: 'SIGTERM',
  };
  writeFileSync(join(dir, 'config.json'), JSON.stringify(record));
}

describe('createVolume', () => {
  it('writes the directory and docker\'s record', () => {
    const made = createVolume(root, { name: 'db', labels: { app: 'web' } });
    expect(made).toMatchObject({ Name: 'db', Driver: 'local', Scope: 'local', Labels: { app: 'web' }, Options: {}, Anonymous: false, Mountpoint: join(root, 'volumes/db/_data') });
    expect(existsSync(join(root, 'volumes/db/_data'))).toBe(true);
    expect(JSON.parse(readFileSync(join(root, 'volumes/db/volume.json'), 'utf8'))).toEqual(made);
    expect(getVolume(root, 'db')).toEqual(made);
  });

  it('returns an existing volume unchanged, unless its labels or options differ', () => {
    const first = createVolume(root, { name: 'db', labels: { a: '1' } });
    expect(createVolume(root, { name: 'db', labels: { a: '1' } })).toEqual(first);
    expect(() => createVolume(root, { name: 'db', labels: { a: '2' } })).toThrow(expect.objectContaining({ code: EngineErrorCode.Conflict, message: expect.stringContaining('volume db') }));
    expect(() => createVolume(root, { name: 'db', labels: { a: '1' }, options: { type: 'tmpfs' } })).toThrow(/volume db already exists/);
  });

  it('names a volume made without a name with 64 hex digits', () => {
    const anonymous = createVolume(root, { anonymous: true });
    expect(anonymous.Name).toMatch(/^[0-9a-f]{64}$/);
    expect(anonymous.Anonymous).toBe(true);
    expect(createVolume(root).Anonymous).toBe(false);
  });

  it('lists complete volumes by name, skipping a create cut short', () => {
    createVolume(root, { name: 'zz' });
    createVolume(root, { name: 'aa' });
    mkdirSync(join(root, 'volumes/half/_data'), { recursive: true });
    expect(listVolumes(root).map((v) => v.Name)).toEqual(['aa', 'zz']);
    expect(() => getVolume(root, 'half')).toThrow('no such volume: half');
    expect(() => getVolume(root, '../volumes/aa')).toThrow(expect.objectContaining({ code: EngineErrorCode.NotFound }));
  });
});

describe('volumes in use', () => {
  it('are those any container record references, with or without the volumes field', () => {
    fakeContainer('a'.repeat(64), 'web', ['data', 'cache']);
    fakeContainer('b'.repeat(64), 'worker', ['data']);
    fakeContainer('c'.repeat(64), 'old');
    expect(volumesInUse(root)).toEqual(new Set(['data', 'cache']));
    expect(volumeUsers(root).get('data')).toHaveLength(2);
  });

  it('cannot be removed, even with force; a missing one can with force', () => {
    createVolume(root, { name: 'data' });
    fakeContainer('a'.repeat(64), 'web', ['data']);
    for (const force of [false, true]) expect(() => removeVolume(root, 'data', force)).toThrow('volume data is in use by container web: remove the container first');
    expect(() => removeVolume(root, 'nope')).toThrow('no such volume: nope');
    expect(() => removeVolume(root, 'nope', true)).not.toThrow();
  });

  it('survive prune; unused anonymous ones go, named ones only with all', () => {
    createVolume(root, { name: 'used', anonymous: true });
    const spare = createVolume(root, { anonymous: true });
    createVolume(root, { name: 'named' });
    fakeContainer('a'.repeat(64), 'web', ['used']);
    writeFileSync(join(spare.Mountpoint, 'f'), '12345');
    expect(pruneVolumes(root)).toEqual({ deleted: [spare.Name], reclaimed: 5 });
    expect(pruneVolumes(root, { all: true })).toEqual({ deleted: ['named'], reclaimed: 0 });
    expect(listVolumes(root).map((v) => v.Name)).toEqual(['used']);
  });
});

describe('diskUsage', () => {
  it('counts file bytes, not directories, and a hard-linked file once', () => {
    mkdirSync(join(root, 'd/sub'), { recursive: true });
    writeFileSync(join(root, 'd/a'), 'x'.repeat(100));
    writeFileSync(join(root, 'd/sub/b'), 'y'.repeat(20));
    linkSync(join(root, 'd/a'), join(root, 'd/sub/a-again'));
    expect(diskUsage(join(root, 'd'))).toBe(120);
    expect(diskUsage(join(root, 'missing'))).toBe(0);
  });
});
