// The offline test images: built from Debian packages, they must be OCI
// archives that third-party tools (skopeo, umoci) read, with the content
// later tests rely on.
import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { buildBusybox } from '../../fixtures/images/build-test-images.mjs';

let archive: string;
let scratch: string;
let rootfs: string;

beforeAll(() => {
  archive = (buildBusybox as () => string)();
  scratch = mkdtempSync(join(tmpdir(), 'flotilla-images-'));
  execFileSync('skopeo', ['copy', '-q', `oci-archive:${archive}`, `oci:${join(scratch, 'layout')}:latest`]);
  execFileSync('umoci', ['unpack', '--image', `${join(scratch, 'layout')}:latest`, join(scratch, 'bundle')], { stdio: 'ignore' });
  rootfs = join(scratch, 'bundle/rootfs');
}, 120_000);

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe('busybox test image', () => {
  it('is an OCI archive skopeo reads, with one layer and a shell as its command', () => {
    const inspect = JSON.parse(execFileSync('skopeo', ['inspect', `oci-archive:${archive}`]).toString());
    expect(inspect).toMatchObject({ Architecture: 'amd64', Os: 'linux' });
    expect(inspect.Layers).toHaveLength(1);
    const config = JSON.parse(execFileSync('skopeo', ['inspect', '--config', `oci-archive:${archive}`]).toString());
    expect(config.config.Cmd).toEqual(['sh']);
  });

  it('holds busybox, its applet links, users, groups and a sticky /tmp', () => {
    expect(execFileSync(join(rootfs, 'bin/busybox'), ['echo', 'works']).toString()).toBe('works\n');
    expect(readlinkSync(join(rootfs, 'bin/sh'))).toBe('/bin/busybox');
    expect(lstatSync(join(rootfs, 'usr/bin/wget')).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(rootfs, 'etc/passwd'), 'utf8')).toMatch(/^root:x:0:0:.*\nnobody:x:65534:65534:/);
    expect(readFileSync(join(rootfs, 'etc/group'), 'utf8')).toMatch(/^root:x:0:\nnogroup:x:65534:/);
    expect(statSync(join(rootfs, 'tmp')).mode & 0o7777).toBe(0o1777);
  });

  it('is rebuilt byte for byte the same', () => {
    const before = readFileSync(archive);
    rmSync(`${archive}.recipe`);
    expect(readFileSync((buildBusybox as () => string)()).equals(before)).toBe(true);
  }, 120_000);
});
