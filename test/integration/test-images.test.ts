// The offline test images: built from Debian packages, they must be OCI
// archives that third-party tools (skopeo, umoci) read, with the content
// later tests rely on.
import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { buildBusybox, buildMiniHttpd } from '../../fixtures/images/build-test-images.mjs';
import { eventually } from '../helpers/eventually.js';

let archive: string;
let scratch: string;
let rootfs: string;

/** Unpacks an archive with third-party tools only, so the image is checked independently of Flotilla. */
function unpack(oci: string, name: string): string {
  execFileSync('skopeo', ['copy', '-q', `oci-archive:${oci}`, `oci:${join(scratch, name)}:latest`]);
  execFileSync('umoci', ['unpack', '--image', `${join(scratch, name)}:latest`, join(scratch, `${name}-bundle`)], { stdio: 'ignore' });
  return join(scratch, `${name}-bundle/rootfs`);
}

beforeAll(() => {
  archive = (buildBusybox as () => string)();
  scratch = mkdtempSync(join(tmpdir(), 'flotilla-images-'));
  rootfs = unpack(archive, 'busybox');
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

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

describe('mini-httpd test image', () => {
  it('shares the busybox layer and serves its page with the libraries it carries', async () => {
    const httpd = (buildMiniHttpd as () => string)();
    const layers = JSON.parse(execFileSync('skopeo', ['inspect', `oci-archive:${httpd}`]).toString()).Layers;
    const busyboxLayers = JSON.parse(execFileSync('skopeo', ['inspect', `oci-archive:${archive}`]).toString()).Layers;
    expect(layers).toHaveLength(2);
    expect(layers[0]).toBe(busyboxLayers[0]);
    const root = unpack(httpd, 'httpd');
    const port = await freePort();
    // chroot, not our engine: this checks the image alone, with nothing but its own files.
    const server = spawn('chroot', [root, '/usr/sbin/mini_httpd', '-D', '-p', String(port), '-h', '127.0.0.1', '-d', '/var/www', '-u', 'nobody', '-l', '/tmp/log'], { stdio: 'ignore' });
    try {
      const body = await eventually(async () => (await fetch(`http://127.0.0.1:${port}/index.html`)).text());
      expect(body).toBe('hello from mini_httpd\n');
    } finally {
      server.kill('SIGTERM');
      if (server.exitCode === null && server.signalCode === null) await once(server, 'exit');
    }
  }, 120_000);
});
