// `flotilla volume create|ls|inspect|rm|prune` against a private state root
// (real directories), and the copy-up the container engine will call.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { populateVolume } from '../../engine/volumes/index.js';
import { cliPath } from '../helpers/scenario.js';

let scratch: string;
let root: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'flotilla-volumes-'));
  root = join(scratch, 'root');
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function flotilla(...args: string[]) {
  return spawnSync(cliPath, args, { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', FLOTILLA_ROOT: root }, encoding: 'utf8' });
}

/** stdout of a command that must succeed. */
function ok(...args: string[]): string {
  const run = flotilla(...args);
  expect(run.stderr, args.join(' ')).toBe('');
  expect(run.status, args.join(' ')).toBe(0);
  return run.stdout;
}

/** The single `error:` line of a command that must fail. */
function fails(...args: string[]): string {
  const run = flotilla(...args);
  expect(run.status, args.join(' ')).not.toBe(0);
  expect(run.stderr.trimEnd().split('\n'), args.join(' ')).toHaveLength(1);
  return run.stderr.trimEnd();
}

describe('flotilla volume', () => {
  it('creates, lists, inspects and removes volumes', () => {
    expect(ok('volume', 'create', 'data')).toBe('data\n');
    expect(ok('volume', 'create', '--label', 'app=web', '-l', 'tier', '--name', 'web')).toBe('web\n');
    expect(ok('volume', 'create', '-o', 'type=tmpfs', '-o', 'device=tmpfs', '-o', 'o=size=100m', 'fast')).toBe('fast\n');
    const random = ok('volume', 'create').trim();
    expect(random).toMatch(/^[0-9a-f]{64}$/);
    expect(existsSync(join(root, 'volumes/data/_data'))).toBe(true);
    const names = [random, 'data', 'fast', 'web'].sort();
    expect(ok('volume', 'ls').split('\n')).toEqual(['DRIVER   VOLUME NAME', ...names.map((n) => `local    ${n}`), '']);
    expect(ok('volume', 'ls', '-q')).toBe(names.map((n) => `${n}\n`).join(''));
    const json = ok('volume', 'ls', '--format', 'json').trim().split('\n').map((l) => JSON.parse(l));
    expect(json.find((v) => v.Name === 'web')).toEqual({ Driver: 'local', Labels: 'app=web,tier=', Mountpoint: join(root, 'volumes/web/_data'), Name: 'web', Scope: 'local' });
    const inspected = ok('volume', 'inspect', 'fast', 'web');
    expect(inspected).toContain('\n    {\n        "CreatedAt"'); // docker's 4-space indent
    const [fast, web] = JSON.parse(inspected);
    expect(Object.keys(fast)).toEqual(['CreatedAt', 'Driver', 'Labels', 'Mountpoint', 'Name', 'Options', 'Scope']);
    expect(fast.Options).toEqual({ type: 'tmpfs', device: 'tmpfs', o: 'size=100m' });
    expect(web).toMatchObject({ Name: 'web', Labels: { app: 'web', tier: '' }, Mountpoint: join(root, 'volumes/web/_data') });
    expect(Math.abs(Date.parse(web.CreatedAt) - Date.now())).toBeLessThan(60_000);
    expect(ok('volume', 'rm', 'data', random)).toBe(`data\n${random}\n`);
    expect(existsSync(join(root, 'volumes/data'))).toBe(false);
    expect(ok('volume', 'ls', '-q')).toBe('fast\nweb\n');
  });

  it('keeps an existing volume on a repeated create, unless its labels or options differ', () => {
    ok('volume', 'create', '-l', 'a=1', 'data');
    writeFileSync(join(root, 'volumes/data/_data/keep'), 'me');
    const before = ok('volume', 'inspect', 'data');
    expect(ok('volume', 'create', '-l', 'a=1', 'data')).toBe('data\n');
    expect(ok('volume', 'inspect', 'data')).toBe(before);
    expect(readFileSync(join(root, 'volumes/data/_data/keep'), 'utf8')).toBe('me');
    expect(fails('volume', 'create', '-l', 'a=2', 'data')).toMatch(/^error: volume data already exists with different labels or options/);
  });

  it('filters by name, label and dangling', () => {
    ok('volume', 'create', '-l', 'app=web', '-l', 'tier=front', 'web-data');
    ok('volume', 'create', '-l', 'app=db', 'db-data');
    ok('volume', 'create', 'scratch');
    expect(ok('volume', 'ls', '-q', '--filter', 'name=data')).toBe('db-data\nweb-data\n');
    expect(ok('volume', 'ls', '-q', '-f', 'label=app')).toBe('db-data\nweb-data\n');
    expect(ok('volume', 'ls', '-q', '-f', 'label=app=web', '-f', 'label=tier')).toBe('web-data\n');
    expect(ok('volume', 'ls', '-q', '-f', 'label=app=nope')).toBe('');
    // No container references any of them.
    expect(ok('volume', 'ls', '-q', '-f', 'dangling=true', '-f', 'label=app=db')).toBe('db-data\n');
    expect(ok('volume', 'ls', '-q', '-f', 'dangling=false')).toBe('');
  });

  it('prunes anonymous volumes only, or every unused one with --all, reporting the space', () => {
    ok('volume', 'create', 'named');
    writeFileSync(join(root, 'volumes/named/_data/f'), 'x'.repeat(1500));
    expect(ok('volume', 'prune', '-f')).toBe('Total reclaimed space: 0B\n');
    expect(ok('volume', 'prune', '--all', '--force')).toBe('Deleted Volumes:\nnamed\n\nTotal reclaimed space: 1.5kB\n');
    expect(ok('volume', 'ls', '-q')).toBe('');
    expect(readdirSync(join(root, 'volumes'))).toEqual([]);
  });

  it('fails with one line naming the volume, and a non-zero status', () => {
    expect(fails('volume', 'create', 'a/b')).toMatch(/^error: invalid volume name "a\/b"/);
    expect(fails('volume', 'create', 'x')).toMatch(/"x"/);
    expect(fails('volume', 'create', '-d', 'nfs', 'data')).toBe('error: volume driver "nfs" is not supported (only local)');
    expect(fails('volume', 'create', '-o', 'size=1g', 'data')).toMatch(/invalid option "size" for volume data/);
    expect(fails('volume', 'inspect', 'nope')).toBe('error: no such volume: nope');
    expect(fails('volume', 'rm', 'nope')).toBe('error: no such volume: nope');
    expect(fails('volume', 'ls', '-f', 'status=x')).toMatch(/^error: invalid filter "status=x"/);
    expect(flotilla('volume', 'ls', '-f', 'status=x').status).toBe(2); // a usage error
    expect(ok('volume', 'rm', '-f', 'nope')).toBe('nope\n');
    expect(ok('volume', 'ls', '-q')).toBe('');
  });
});

describe('populateVolume', () => {
  it('copies the image\'s content into an empty volume once, keeping modes, owners, links and times', () => {
    const source = join(scratch, 'image-etc');
    mkdirSync(join(source, 'conf.d'), { recursive: true });
    writeFileSync(join(source, 'conf.d/app.conf'), 'port=80\n');
    chmodSync(join(source, 'conf.d/app.conf'), 0o640);
    chownSync(join(source, 'conf.d/app.conf'), 1234, 5678);
    chmodSync(join(source, 'conf.d'), 0o750);
    symlinkSync('conf.d/app.conf', join(source, 'current'));
    utimesSync(join(source, 'conf.d/app.conf'), new Date('2020-01-02T03:04:05Z'), new Date('2020-01-02T03:04:05Z'));
    chmodSync(source, 0o711);
    chownSync(source, 42, 43);
    ok('volume', 'create', 'conf');
    const data = join(root, 'volumes/conf/_data');

    expect(populateVolume(root, 'conf', source)).toBe(true);
    const file = statSync(join(data, 'conf.d/app.conf'));
    expect([file.mode & 0o7777, file.uid, file.gid, file.mtime.toISOString()]).toEqual([0o640, 1234, 5678, '2020-01-02T03:04:05.000Z']);
    expect(statSync(join(data, 'conf.d')).mode & 0o7777).toBe(0o750);
    expect(lstatSync(join(data, 'current')).isSymbolicLink()).toBe(true);
    expect(readlinkSync(join(data, 'current'))).toBe('conf.d/app.conf');
    // Like docker, the volume's top directory takes the mount point's mode and owner.
    expect([statSync(data).mode & 0o7777, statSync(data).uid, statSync(data).gid]).toEqual([0o711, 42, 43]);
    expect(JSON.parse(readFileSync(join(root, 'volumes/conf/volume.json'), 'utf8')).Populated).toBe(true);

    // Emptied by a user later: still never copied twice.
    rmSync(join(data, 'conf.d'), { recursive: true });
    rmSync(join(data, 'current'));
    expect(populateVolume(root, 'conf', source)).toBe(false);
    expect(readdirSync(data)).toEqual([]);
  });

  it('leaves a volume that has content, or when the image has nothing at the path', () => {
    ok('volume', 'create', 'full');
    ok('volume', 'create', 'empty');
    writeFileSync(join(root, 'volumes/full/_data/mine'), 'data');
    const source = join(scratch, 'src');
    mkdirSync(source);
    writeFileSync(join(source, 'theirs'), 'image');
    expect(populateVolume(root, 'full', source)).toBe(false);
    expect(readdirSync(join(root, 'volumes/full/_data'))).toEqual(['mine']);
    expect(populateVolume(root, 'empty', join(scratch, 'missing'))).toBe(false);
    expect(JSON.parse(readFileSync(join(root, 'volumes/empty/volume.json'), 'utf8')).Populated).toBeUndefined();
    expect(() => populateVolume(root, 'nope', source)).toThrow('no such volume: nope');
  });
});
