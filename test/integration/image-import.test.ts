// `flotilla image import` against a private state root: root filesystem
// tarballs made by GNU tar (plain, gzip, zstd, from a file and from stdin)
// become one-layer images that `image inspect`, `images`, `image save` and
// skopeo all accept.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliPath } from '../helpers/scenario.js';

let root: string;
let scratch: string;
let plainTar: string;
let diffId: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'flotilla-image-import-'));
  root = join(scratch, 'root');
  const rootfs = join(scratch, 'rootfs');
  mkdirSync(join(rootfs, 'etc/app'), { recursive: true });
  writeFileSync(join(rootfs, 'hello.txt'), 'hello\n');
  writeFileSync(join(rootfs, 'etc/app/config'), 'key=value\n');
  symlinkSync('hello.txt', join(rootfs, 'greeting'));
  plainTar = join(scratch, 'rootfs.tar');
  execFileSync('tar', ['-C', rootfs, '-cf', plainTar, '.']);
  diffId = `sha256:${execFileSync('sha256sum', [plainTar]).toString().split(' ')[0]}`;
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function flotilla(args: string[], input?: Buffer) {
  return spawnSync(cliPath, args, { env: { PATH: '/usr/bin:/bin', FLOTILLA_ROOT: root }, encoding: 'utf8', ...(input && { input }) });
}

const changes = ['--change', 'CMD ["sh"]', '--change', 'ENV A=1', '-c', 'EXPOSE 8080'];

function inspect(name: string) {
  const run = flotilla(['image', 'inspect', name]);
  expect(run.stderr).toBe('');
  return JSON.parse(run.stdout)[0];
}

describe('flotilla image import', () => {
  it('imports a plain tarball with config changes and a message', () => {
    const run = flotilla(['image', 'import', ...changes, '-m', 'first import', '--platform', 'linux/amd64', plainTar, 'imported:v1']);
    expect(run.stderr).toBe('');
    expect(run.stdout).toMatch(/^sha256:[0-9a-f]{64}\n$/);
    const image = inspect('imported:v1');
    expect(image).toMatchObject({ Id: run.stdout.trim(), RepoTags: ['imported:v1'], Architecture: 'amd64', Os: 'linux' });
    expect(image.Config).toEqual({ Cmd: ['sh'], Env: ['A=1'], ExposedPorts: { '8080/tcp': {} } });
    expect(image.RootFS.Layers).toEqual([diffId]);
    // The uncompressed layer is stored as given: its blob is the tar itself.
    const manifest = JSON.parse(readFileSync(join(root, 'blobs/sha256', image.Manifest.slice(7)), 'utf8'));
    expect(manifest.layers).toEqual([{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: diffId, size: readFileSync(plainTar).length }]);
    const config = JSON.parse(readFileSync(join(root, 'blobs/sha256', image.Id.slice(7)), 'utf8'));
    expect(config.history).toEqual([{ created: config.created, created_by: 'flotilla image import', comment: 'first import' }]);
    expect(Date.now() - Date.parse(config.created)).toBeLessThan(60_000);
    expect(flotilla(['images']).stdout).toMatch(/\nimported\s+v1\s+[0-9a-f]{12}\s+/);
    // The unpacked layer holds the files, the subdirectory and the symlink.
    const layer = join(root, 'layers/sha256', diffId.slice(7));
    expect(readFileSync(join(layer, 'etc/app/config'), 'utf8')).toBe('key=value\n');
    expect(execFileSync('readlink', [join(layer, 'greeting')]).toString()).toBe('hello.txt\n');
  });

  it('imports gzip from a file and zstd from stdin, keeping the compressed blob and the same diff id', () => {
    execFileSync('gzip', ['-k', plainTar]);
    execFileSync('zstd', ['-q', plainTar, '-o', `${plainTar}.zst`]);
    expect(flotilla(['image', 'import', ...changes, `${plainTar}.gz`, 'gz']).status).toBe(0);
    expect(flotilla(['image', 'import', '-', 'zst'], readFileSync(`${plainTar}.zst`)).status).toBe(0);
    const gz = inspect('gz');
    expect(gz.Config.Cmd).toEqual(['sh']);
    expect(gz.RootFS.Layers).toEqual([diffId]);
    expect(inspect('zst').RootFS.Layers).toEqual([diffId]);
    const layerOf = (image: { Manifest: string }) => JSON.parse(readFileSync(join(root, 'blobs/sha256', image.Manifest.slice(7)), 'utf8')).layers[0];
    expect(layerOf(gz).mediaType).toBe('application/vnd.oci.image.layer.v1.tar+gzip');
    expect(layerOf(gz).digest).toBe(`sha256:${execFileSync('sha256sum', [`${plainTar}.gz`]).toString().split(' ')[0]}`);
    expect(layerOf(inspect('zst')).mediaType).toBe('application/vnd.oci.image.layer.v1.tar+zstd');
  });

  it('refers to the imported image by its ID', () => {
    const run = flotilla(['image', 'import', '-', 'by-id'], readFileSync(plainTar));
    expect(run.status).toBe(0);
    expect(inspect(run.stdout.trim().slice(7, 19)).RepoTags).toEqual(['by-id:latest']);
  });

  it('saves an imported image to an archive skopeo reads as OCI and as docker-archive', () => {
    execFileSync('gzip', ['-k', plainTar]);
    flotilla(['image', 'import', ...changes, plainTar, 'plain:1']);
    flotilla(['image', 'import', ...changes, `${plainTar}.gz`, 'registry.local:5000/team/gz:2']);
    const saved = join(scratch, 'saved.tar');
    expect(flotilla(['image', 'save', '-o', saved, 'plain:1', 'registry.local:5000/team/gz:2']).status).toBe(0);
    const raw = JSON.parse(execFileSync('skopeo', ['inspect', '--raw', `oci-archive:${saved}:2`]).toString());
    expect(raw.layers[0].mediaType).toBe('application/vnd.oci.image.layer.v1.tar+gzip');
    for (const ref of ['plain:1', 'registry.local:5000/team/gz:2']) {
      const docker = JSON.parse(execFileSync('skopeo', ['inspect', `docker-archive:${saved}:${ref}`]).toString());
      expect(docker).toMatchObject({ Layers: [diffId], Architecture: 'amd64', Env: ['A=1'] });
    }
  });

  it('refuses a missing file, a RUN change, a non-tar, a URL and another platform, naming nothing', () => {
    const cases: [string[], number, string][] = [
      [[join(scratch, 'nope.tar'), 'x'], 1, `error: ${join(scratch, 'nope.tar')}: no such file or directory\n`],
      [['--change', 'RUN make', plainTar, 'x'], 2, 'error: --change "RUN make": instruction RUN is not supported by import (supported: CMD, ENTRYPOINT, ENV, EXPOSE, LABEL, STOPSIGNAL, USER, VOLUME, WORKDIR)\n'],
      [[join(scratch, 'rootfs/hello.txt'), 'x'], 1, `error: ${join(scratch, 'rootfs/hello.txt')} is not a tar archive (import takes a root filesystem as a tar, plain or compressed with gzip or zstd)\n`],
      [['https://example.com/rootfs.tar', 'x'], 2, 'error: importing from a URL is not supported (https://example.com/rootfs.tar): download it and import the file\n'],
      [['--platform', 'linux/arm64', plainTar, 'x'], 2, 'error: --platform linux/arm64: only linux/amd64 images can be imported\n'],
      [[plainTar], 2, 'error: import needs a name for the image (REPOSITORY[:TAG]): Flotilla keeps no unnamed images\n'],
      [[plainTar, 'Bad:Name'], 1, 'error: invalid image reference "Bad:Name": repository names must be lowercase\n'],
    ];
    for (const [args, status, stderr] of cases) {
      const run = flotilla(['image', 'import', ...args]);
      expect([run.status, run.stderr, run.stdout]).toEqual([status, stderr, '']);
    }
    execFileSync('gzip', ['-k', join(scratch, 'rootfs/hello.txt')]);
    const gzipped = flotilla(['image', 'import', '-', 'x'], readFileSync(join(scratch, 'rootfs/hello.txt.gz')));
    expect([gzipped.status, gzipped.stderr]).toEqual([1, 'error: stdin is not a tar archive (import takes a root filesystem as a tar, plain or compressed with gzip or zstd)\n']);
    expect(flotilla(['images', '-q']).stdout).toBe('');
    expect(readdirSync(root).includes('layers') ? readdirSync(join(root, 'layers/sha256')) : []).toEqual([]);
  });
});
