// Layer unpacking on the real file system: content, metadata, overlayfs
// whiteouts, and hostile layers that must fail without leaving anything.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { unpackLayer } from '../../engine/images/unpack.js';

type Entry = Partial<tar.Header> & { name: string; body?: string };

/** A tar made in memory from header-like entries. */
async function tarOf(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const { body, ...fields } of entries) {
    const header = { mtime: new Date(1_000_000_000_000), ...fields } as tar.Header;
    if (body === undefined) pack.entry(header);
    else pack.entry(header, body);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

let scratch: string;
let dest: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'flotilla-unpack-'));
  dest = join(scratch, 'layers', 'l1');
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const regular: Entry[] = [
  { name: 'etc/', type: 'directory', mode: 0o755 },
  { name: 'etc/motd', body: 'hello\n', mode: 0o640, uid: 1000, gid: 1001 },
  { name: 'bin/tool', body: '#!/bin/sh\n', mode: 0o4755 },
  { name: 'bin/alias', type: 'symlink', linkname: '/bin/tool' },
  { name: 'bin/hard', type: 'link', linkname: 'bin/tool' },
  { name: 'run/pipe', type: 'fifo', mode: 0o600 },
  { name: 'locked/', type: 'directory', mode: 0o500 },
  { name: 'locked/inside', body: 'x' },
];

describe('unpackLayer', () => {
  it.each([
    ['plain', (b: Buffer) => b],
    ['gzip', (b: Buffer) => gzipSync(b)],
    ['zstd', (b: Buffer) => execFileSync('zstd', ['-cq'], { input: b })],
  ])('unpacks a %s layer with its metadata and reports the diff id', async (_kind, compress) => {
    const raw = await tarOf(regular);
    const layer = await unpackLayer(Readable.from([compress(raw)]), dest);
    expect(layer.diffId).toBe(`sha256:${createHash('sha256').update(raw).digest('hex')}`);
    expect(layer.entries).toBe(regular.length);
    expect(readFileSync(join(dest, 'etc/motd'), 'utf8')).toBe('hello\n');
    const motd = statSync(join(dest, 'etc/motd'));
    expect([motd.mode & 0o7777, motd.uid, motd.gid, motd.mtimeMs]).toEqual([0o640, 1000, 1001, 1_000_000_000_000]);
    expect(statSync(join(dest, 'bin/tool')).mode & 0o7777).toBe(0o4755);
    expect(readlinkSync(join(dest, 'bin/alias'))).toBe('/bin/tool');
    expect(statSync(join(dest, 'bin/hard')).ino).toBe(statSync(join(dest, 'bin/tool')).ino);
    expect(lstatSync(join(dest, 'run/pipe')).isFIFO()).toBe(true);
    expect(statSync(join(dest, 'locked')).mode & 0o7777).toBe(0o500);
    expect(readdirSync(join(scratch, 'layers'))).toEqual(['l1']);
  });

  it('turns whiteouts into what overlayfs expects', async () => {
    const raw = await tarOf([
      { name: 'etc/.wh.passwd', body: '' },
      { name: 'var/cache/', type: 'directory' },
      { name: 'var/cache/.wh..wh..opq', body: '' },
      { name: 'var/cache/new', body: 'n' },
    ]);
    await unpackLayer(Readable.from([raw]), dest);
    const whiteout = lstatSync(join(dest, 'etc/passwd'));
    expect(whiteout.isCharacterDevice()).toBe(true);
    expect(whiteout.rdev).toBe(0);
    expect(existsSync(join(dest, 'var/cache/.wh..wh..opq'))).toBe(false);
    const opaque = spawnSync('getfattr', ['--only-values', '-n', 'trusted.overlay.opaque', join(dest, 'var/cache')], { encoding: 'utf8' });
    expect(opaque.stdout).toBe('y');
  });

  it.each([
    [[{ name: '../evil', body: 'x' }], 'layer entry "../evil" points outside the layer'],
    [[{ name: 'a/../../evil', body: 'x' }], 'layer entry "a/../../evil" points outside the layer'],
    [[{ name: '/etc/evil', body: 'x' }], 'layer entry "/etc/evil" has an absolute path'],
    [
      [
        { name: 'out', type: 'symlink', linkname: '../../outside' },
        { name: 'out/evil', body: 'x' },
      ],
      'layer entry "out/evil" goes through the symlink "out"',
    ],
    [[{ name: 'h', type: 'link', linkname: '../../outside/file' }], 'layer entry "../../outside/file" points outside the layer'],
    [[{ name: 'h', type: 'link', linkname: 'missing' }], 'layer entry "h" links to "missing", which is not in the layer'],
    [
      [
        { name: 'ln', type: 'symlink', linkname: '/' },
        { name: 'h', type: 'link', linkname: 'ln/etc/passwd' },
      ],
      'layer entry "h" goes through the symlink "ln"',
    ],
  ] as [Entry[], string][])('refuses a hostile layer and leaves nothing behind (%#)', async (entries, message) => {
    const outside = join(scratch, 'outside');
    const layer = unpackLayer(Readable.from([await tarOf(entries)]), join(scratch, 'a', 'b', 'layer'));
    await expect(layer).rejects.toMatchObject({ code: 'FLOTILLA_ENGINE_HOSTILE_LAYER', message });
    expect(readdirSync(join(scratch, 'a', 'b'))).toEqual([]);
    expect(existsSync(outside)).toBe(false);
    expect(existsSync(join(scratch, 'a', 'evil'))).toBe(false);
  });

  it('refuses data that is not a tar, leaving nothing', async () => {
    await expect(unpackLayer(Readable.from([gzipSync(Buffer.from('not a tar at all'.repeat(64)))]), dest)).rejects.toMatchObject({
      code: 'FLOTILLA_ENGINE_HOSTILE_LAYER',
    });
    expect(readdirSync(join(scratch, 'layers'))).toEqual([]);
  });
});

/** Every path under `root` with its kind, size and mode, sorted. */
function listing(root: string): string[] {
  return execFileSync('find', ['.', '-printf', '%p %y %s %m %l\n'], { cwd: root })
    .toString()
    .split('\n')
    .filter(Boolean)
    .map((line) => (line.includes(' d ') ? line.replace(/ d \d+ /, ' d - ') : line))
    .sort();
}

describe('unpackLayer on the busybox test image', () => {
  it('gives exactly what GNU tar gives for the same layer', async () => {
    // @ts-expect-error: a plain ESM script without type declarations
    const { buildBusybox } = await import('../../fixtures/images/build-test-images.mjs');
    const layout = join(scratch, 'layout');
    execFileSync('mkdir', ['-p', layout]);
    execFileSync('tar', ['-xf', (buildBusybox as () => string)(), '-C', layout]);
    const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(layout, 'blobs/sha256', index.manifests[0].digest.slice(7)), 'utf8'));
    const blob = join(layout, 'blobs/sha256', manifest.layers[0].digest.slice(7));
    const ours = join(scratch, 'ours');
    await unpackLayer(Readable.from([readFileSync(blob)]), ours);
    const theirs = join(scratch, 'theirs');
    execFileSync('mkdir', ['-p', theirs]);
    execFileSync('tar', ['-xzpf', blob, '-C', theirs]);
    expect(listing(ours)).toEqual(listing(theirs));
  });
});
