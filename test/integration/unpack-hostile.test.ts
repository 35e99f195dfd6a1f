// Hostile layers that swap a path for a symlink to the host between two of
// their own entries: whatever the unpacker decides (unpack or refuse), the
// host file or folder the link names keeps its mode, owner, times, xattrs
// and content, and nothing appears outside the layer directory.
import { spawnSync } from 'node:child_process';
import { chownSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unpackLayer } from '../../engine/images/unpack.js';
import { layeredImage, layerTar, type LayerEntry } from '../helpers/layered-image.js';
import { cliPath } from '../helpers/scenario.js';

type Entry = LayerEntry;
const tarOf = layerTar;

let scratch: string;
let host: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'flotilla-hostile-'));
  host = join(scratch, 'host');
  mkdirSync(join(host, 'dir'), { recursive: true, mode: 0o755 });
  writeFileSync(join(host, 'file'), 'host file\n', { mode: 0o644 });
  writeFileSync(join(host, 'dir', 'file'), 'host file in a folder\n', { mode: 0o644 });
  // An owner and times no layer entry uses, so a chown or utimes that lands here shows.
  for (const path of [join(host, 'dir', 'file'), join(host, 'file'), join(host, 'dir'), host]) {
    chownSync(path, 4242, 4243);
    utimesSync(path, new Date(1_234_567_890_000), new Date(1_234_567_890_000));
  }
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** Every path under the host folder with what an unpacker could change about it (any metadata change moves ctime too). */
function hostState(): string[] {
  const walk = (path: string): string[] => {
    const st = lstatSync(path);
    const xattrs = spawnSync('getfattr', ['-h', '-d', '-m', '-', '--absolute-names', path], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l && !l.startsWith('#'));
    const line = `${path.slice(scratch.length)} ${st.mode.toString(8)} ${st.uid}:${st.gid} ${st.mtimeMs} ${st.ctimeMs} ${xattrs.join(',')}`;
    return st.isDirectory() ? [line, ...readdirSync(path).sort().flatMap((name) => walk(join(path, name)))] : [line];
  };
  return walk(host);
}

const cases: [string, (host: string) => Entry[]][] = [
  ['a folder then a symlink to a host file (the deferred mode and times)', (h) => [
    { name: 'd/', type: 'directory', mode: 0o6777, uid: 7, gid: 7 },
    { name: 'd', type: 'symlink', linkname: `${h}/file` },
  ]],
  ['a folder then a symlink to a host folder', (h) => [
    { name: 'd/', type: 'directory', mode: 0o6777 },
    { name: 'd/inside', body: 'x' },
    { name: 'd', type: 'symlink', linkname: `${h}/dir` },
  ]],
  ['a folder whose parent becomes a symlink to the host', (h) => [
    { name: 'p/', type: 'directory', mode: 0o755 },
    { name: 'p/dir/', type: 'directory', mode: 0o6777, mtime: new Date(1_000) },
    { name: 'p', type: 'symlink', linkname: h },
  ]],
  ['a folder then a relative symlink climbing to the host', (h) => [
    { name: 'd/', type: 'directory', mode: 0o777 },
    { name: 'd', type: 'symlink', linkname: `../../../../../../../../..${h}/dir` },
  ]],
  ['a file then a symlink of the same name', (h) => [
    { name: 'f', body: 'layer', mode: 0o6777, uid: 7 },
    { name: 'f', type: 'symlink', linkname: `${h}/file` },
  ]],
  ['a symlink to a host file then a file of the same name', (h) => [
    { name: 'f', type: 'symlink', linkname: `${h}/file` },
    { name: 'f', body: 'layer', mode: 0o6777, uid: 7 },
  ]],
  ['a symlink to a host folder then a folder of the same name', (h) => [
    { name: 'd', type: 'symlink', linkname: `${h}/dir` },
    { name: 'd/', type: 'directory', mode: 0o6777, uid: 7 },
  ]],
  ['a hard link to a path through a symlink', (h) => [
    { name: 's', type: 'symlink', linkname: `${h}/dir` },
    { name: 'h', type: 'link', linkname: 's/file' },
  ]],
  ['a hard link to a symlink that names a host file, then written through', (h) => [
    { name: 's', type: 'symlink', linkname: `${h}/file` },
    { name: 'h', type: 'link', linkname: 's' },
    { name: 'h', body: 'layer', mode: 0o6777 },
  ]],
  ['a whiteout through a symlinked folder', (h) => [
    { name: 's', type: 'symlink', linkname: `${h}/dir` },
    { name: 's/.wh.file', body: '' },
  ]],
  ['a whiteout of a symlink to a host folder', (h) => [
    { name: 's', type: 'symlink', linkname: `${h}/dir` },
    { name: '.wh.s', body: '' },
  ]],
  ['an opaque whiteout through a symlinked folder', (h) => [
    { name: 's', type: 'symlink', linkname: `${h}/dir` },
    { name: 's/.wh..wh..opq', body: '' },
  ]],
  ['an opaque folder later replaced by a symlink', (h) => [
    { name: 'o/', type: 'directory', mode: 0o6777 },
    { name: 'o/.wh..wh..opq', body: '' },
    { name: 'o', type: 'symlink', linkname: `${h}/dir` },
  ]],
  ['a symlinked parent of a later entry', (h) => [
    { name: 's', type: 'symlink', linkname: h },
    { name: 's/dir/new', body: 'x', mode: 0o6777 },
  ]],
  ['a symlinked parent of a later folder', (h) => [
    { name: 's', type: 'symlink', linkname: h },
    { name: 's/dir/', type: 'directory', mode: 0o6777 },
  ]],
];

describe('unpackLayer with a hostile layer', () => {
  it.each(cases)('never touches the host: %s', async (_title, entries) => {
    const before = hostState();
    const dest = join(scratch, 'layers', 'l1');
    await unpackLayer(Readable.from([await tarOf(entries(host))]), dest).catch((err: { code?: string }) => {
      // Refusing is fine; any other failure is not.
      expect(err.code).toBe('FLOTILLA_ENGINE_HOSTILE_LAYER');
    });
    expect(hostState()).toEqual(before);
    expect(readdirSync(scratch).sort()).toEqual(['host', 'layers']);
  });

  it.each(['a/.wh...', 'a/.wh..', 'a/.wh.'])('refuses the whiteout %s, which names a folder instead of an entry in it', async (name) => {
    const dest = join(scratch, 'layers', 'l1');
    const entries: Entry[] = [{ name: 'a/', type: 'directory' }, { name: 'a/keep', body: 'x' }, { name, body: '' }];
    await expect(unpackLayer(Readable.from([await tarOf(entries)]), dest)).rejects.toMatchObject({
      code: 'FLOTILLA_ENGINE_HOSTILE_LAYER',
      message: `layer entry "${name}" is a whiteout of no single entry`,
    });
    expect(readdirSync(join(scratch, 'layers'))).toEqual([]);
  });

  it('still sets the mode and times of a folder that stays a folder', async () => {
    const dest = join(scratch, 'layers', 'l1');
    await unpackLayer(Readable.from([await tarOf([
      { name: 'a/', type: 'directory', mode: 0o2775, mtime: new Date(2_000_000) },
      { name: 'a/b/', type: 'directory', mode: 0o700, mtime: new Date(3_000_000) },
      { name: 'a/b/c', body: 'x' },
      { name: 'gone/', type: 'directory', mode: 0o777 },
      { name: 'gone', body: 'now a file', mode: 0o640 },
      { name: 'twice/', type: 'directory', mode: 0o755 },
      { name: 'twice/', type: 'directory', mode: 0o750 },
    ])]), dest);
    const seen = (rel: string) => {
      const st = lstatSync(join(dest, rel));
      return [st.mode.toString(8), st.mtimeMs];
    };
    expect(seen('a')).toEqual(['42775', 2_000_000]);
    expect(seen('a/b')).toEqual(['40700', 3_000_000]);
    expect(seen('gone')).toEqual(['100640', 1_500_000_000_000]);
    expect(seen('twice')[0]).toBe('40750');
  });
});

describe('flotilla image load with a hostile image', () => {
  it('loads an image whose folder turns into a symlink to a host file, leaving the host file as it was', async () => {
    const archive = join(scratch, 'hostile.tar');
    writeFileSync(archive, await layeredImage(undefined, cases[0]![1](host), 'hostile:1'));
    const before = hostState();
    const root = join(scratch, 'root');
    const load = spawnSync(cliPath, ['image', 'load', '-q', '-i', archive], { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', FLOTILLA_ROOT: root }, encoding: 'utf8' });
    expect([load.status, load.stderr]).toEqual([0, '']);
    expect(hostState()).toEqual(before);
    const layers = join(root, 'layers', 'sha256');
    const [layer] = readdirSync(layers).filter((name) => !name.endsWith('.json'));
    expect(lstatSync(join(layers, layer!, 'd')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(scratch, 'layers'))).toBe(false);
  });
});
