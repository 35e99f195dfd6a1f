// `flotilla image load` and `image ls` against a private state root, with
// the offline test images and archives written by skopeo.
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { buildBusybox, buildMiniHttpd } from '../../fixtures/images/build-test-images.mjs';
import { cliPath } from '../helpers/scenario.js';

let root: string;
let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'flotilla-image-cli-'));
  root = join(scratch, 'root');
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function flotilla(args: string[], input?: Buffer) {
  return spawnSync(cliPath, args, { env: { PATH: '/usr/bin:/bin', FLOTILLA_ROOT: root }, encoding: 'utf8', ...(input && { input }) });
}

describe('flotilla image load / ls', () => {
  it('loads archives from a file and from stdin, sharing layers, and lists them', () => {
    const busybox = (buildBusybox as () => string)();
    const httpd = (buildMiniHttpd as () => string)();
    expect(flotilla(['image', 'load', '-i', busybox]).stdout).toBe('Loaded image: busybox:latest\n');
    expect(flotilla(['image', 'load'], readFileSync(httpd)).stdout).toBe('Loaded image: mini-httpd:latest\n');
    // Two manifests, two configs and two layers: the busybox layer both images use is stored once.
    expect(readdirSync(join(root, 'blobs/sha256'))).toHaveLength(6);
    const table = flotilla(['images']).stdout.split('\n');
    expect(table[0]).toMatch(/^REPOSITORY\s+TAG\s+IMAGE ID\s+CREATED\s+SIZE$/);
    // Sizes are of the unpacked content, as docker shows them.
    expect(table[1]).toMatch(/^busybox\s+latest\s+[0-9a-f]{12}\s+\d+ years ago\s+1\.98MB$/);
    // Each layer is unpacked once, the shared one included.
    const [busyboxLayer] = JSON.parse(flotilla(['image', 'inspect', 'busybox']).stdout)[0].RootFS.Layers;
    expect(readdirSync(join(root, 'layers/sha256')).filter((f) => !f.endsWith('.json'))).toHaveLength(2);
    expect(existsSync(join(root, 'layers/sha256', busyboxLayer.slice(7), 'bin/busybox'))).toBe(true);
    expect(table[2]).toMatch(/^mini-httpd\s+latest\s+[0-9a-f]{12}\s+/);
    const json = flotilla(['image', 'ls', '--format', 'json']).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(json.map((i) => `${i.Repository}:${i.Tag}`)).toEqual(['busybox:latest', 'mini-httpd:latest']);
    expect(flotilla(['images', '-q']).stdout.trim().split('\n')).toEqual(json.map((i) => i.ID));
  });

  it('loads an OCI archive written by skopeo', () => {
    const copy = join(scratch, 'copy.tar');
    execFileSync('skopeo', ['copy', '-q', `oci-archive:${(buildBusybox as () => string)()}`, `oci-archive:${copy}:registry.local:5000/team/tools:v1`]);
    expect(flotilla(['image', 'load', '-i', copy]).stdout).toBe('Loaded image: registry.local:5000/team/tools:v1\n');
    expect(flotilla(['images']).stdout).toMatch(/\nregistry.local:5000\/team\/tools\s+v1\s+/);
  });

  it('loads a docker-archive (docker save format) written by skopeo', () => {
    const saved = join(scratch, 'saved.tar');
    execFileSync('skopeo', ['copy', '-q', `oci-archive:${(buildMiniHttpd as () => string)()}`, `docker-archive:${saved}:web/server:2`]);
    expect(flotilla(['image', 'load', '-i', saved]).stdout).toBe('Loaded image: web/server:2\n');
    const [inspected] = JSON.parse(flotilla(['image', 'inspect', 'web/server:2']).stdout);
    expect(inspected.Config.ExposedPorts).toEqual({ '80/tcp': {} });
    expect(inspected.RootFS.Layers).toHaveLength(2);
    // Only what the image uses stays: manifest, config and two layers.
    flotilla(['image', 'prune']);
    expect(readdirSync(join(root, 'blobs/sha256'))).toHaveLength(4);
  });

  it('refuses an archive whose blob does not match its name, tagging nothing', () => {
    const layout = join(scratch, 'layout');
    execFileSync('mkdir', ['-p', layout]);
    execFileSync('tar', ['-xf', (buildBusybox as () => string)(), '-C', layout]);
    const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
    const manifest = JSON.parse(readFileSync(join(layout, 'blobs/sha256', index.manifests[0].digest.slice(7)), 'utf8'));
    writeFileSync(join(layout, 'blobs/sha256', manifest.layers[0].digest.slice(7)), 'tampered');
    const bad = join(scratch, 'bad.tar');
    execFileSync('tar', ['-cf', bad, '-C', layout, 'oci-layout', 'index.json', 'blobs']);
    const run = flotilla(['image', 'load', '-i', bad]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: content does not match its digest: expected sha256:[0-9a-f]{64}, got sha256:[0-9a-f]{64}\n$/);
    expect(flotilla(['images', '-q']).stdout).toBe('');
  });

  it('refuses a layer whose content is not the diff id its config names, leaving no layer behind', () => {
    const layout = join(scratch, 'layout');
    execFileSync('mkdir', ['-p', layout]);
    execFileSync('tar', ['-xf', (buildBusybox as () => string)(), '-C', layout]);
    const blob = (digest: string) => join(layout, 'blobs/sha256', digest.slice(7));
    const putBlob = (json: object) => {
      const bytes = Buffer.from(JSON.stringify(json));
      const digest = `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
      writeFileSync(blob(digest), bytes);
      return { digest, size: bytes.length };
    };
    const index = JSON.parse(readFileSync(join(layout, 'index.json'), 'utf8'));
    const manifest = JSON.parse(readFileSync(blob(index.manifests[0].digest), 'utf8'));
    const config = JSON.parse(readFileSync(blob(manifest.config.digest), 'utf8'));
    config.rootfs.diff_ids = [`sha256:${'0'.repeat(64)}`];
    manifest.config = { ...manifest.config, ...putBlob(config) };
    index.manifests[0] = { ...index.manifests[0], ...putBlob(manifest) };
    writeFileSync(join(layout, 'index.json'), JSON.stringify(index));
    const bad = join(scratch, 'bad.tar');
    execFileSync('tar', ['-cf', bad, '-C', layout, 'oci-layout', 'index.json', 'blobs']);
    const run = flotilla(['image', 'load', '-i', bad]);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/^error: layer content has diff id sha256:[0-9a-f]{64}, but the image config says sha256:0{64}\n$/);
    expect(flotilla(['images', '-q']).stdout).toBe('');
    expect(readdirSync(join(root, 'layers/sha256'))).toEqual([]);
  });

  it('refuses a file that is not an image archive', () => {
    const junk = join(scratch, 'junk.tar');
    writeFileSync(join(scratch, 'hello.txt'), 'hi');
    execFileSync('tar', ['-cf', junk, '-C', scratch, 'hello.txt']);
    const run = flotilla(['image', 'load', '-i', junk]);
    expect(run.status).toBe(1);
    expect(run.stderr).toBe(`error: ${junk} is not an image archive (neither an OCI image layout nor a docker-archive)\n`);
  });

  it('tags, inspects and removes images, deleting only blobs no image still uses', () => {
    flotilla(['image', 'load', '-i', (buildBusybox as () => string)()]);
    flotilla(['image', 'load', '-i', (buildMiniHttpd as () => string)()]);
    expect(flotilla(['image', 'tag', 'busybox', 'localhost:5000/bb:1']).status).toBe(0);
    const [inspected] = JSON.parse(flotilla(['image', 'inspect', 'localhost:5000/bb:1']).stdout);
    expect(inspected).toMatchObject({ RepoTags: ['busybox:latest', 'localhost:5000/bb:1'], Architecture: 'amd64', Config: { Cmd: ['sh'] } });
    const id = inspected.Id.slice(7, 19);
    const ambiguous = flotilla(['image', 'rm', id]);
    expect(ambiguous.status).toBe(1);
    expect(ambiguous.stderr).toBe(`error: image ${id} is referenced by 2 names (busybox:latest, localhost:5000/bb:1): remove them by name, or use -f\n`);
    expect(flotilla(['rmi', 'mini-httpd']).stdout).toMatch(/^Untagged: mini-httpd:latest\n(Deleted: sha256:[0-9a-f]{64}\n){3}$/);
    // The busybox layer mini-httpd shared is still there for busybox.
    expect(readdirSync(join(root, 'blobs/sha256'))).toHaveLength(3);
    expect(flotilla(['image', 'rm', '-f', id]).stdout).toMatch(/^Untagged: busybox:latest\nUntagged: localhost:5000\/bb:1\n(Deleted: sha256:[0-9a-f]{64}\n){3}$/);
    expect(readdirSync(join(root, 'blobs/sha256'))).toEqual([]);
    expect(readdirSync(join(root, 'layers/sha256'))).toEqual([]);
    const missing = flotilla(['image', 'inspect', 'busybox']);
    expect([missing.status, missing.stderr]).toEqual([1, 'error: no such image: busybox\n']);
  });

  it('saves images to an archive that skopeo reads and that loads back identically', () => {
    flotilla(['image', 'load', '-i', (buildBusybox as () => string)()]);
    flotilla(['image', 'load', '-i', (buildMiniHttpd as () => string)()]);
    const one = join(scratch, 'one.tar');
    expect(flotilla(['image', 'save', '-o', one, 'busybox']).status).toBe(0);
    expect(JSON.parse(execFileSync('skopeo', ['inspect', `oci-archive:${one}`]).toString()).Layers).toHaveLength(1);
    const both = join(scratch, 'both.tar');
    expect(flotilla(['image', 'save', '-o', both, 'busybox', 'mini-httpd']).status).toBe(0);
    const before = flotilla(['images', '--format', 'json']).stdout;
    root = join(scratch, 'other-root');
    expect(flotilla(['image', 'load', '-i', both]).stdout).toBe('Loaded image: busybox:latest\nLoaded image: mini-httpd:latest\n');
    expect(flotilla(['images', '--format', 'json']).stdout).toBe(before);
    const missing = flotilla(['image', 'save', '-o', join(scratch, 'none.tar'), 'busybox', 'nope']);
    expect([missing.status, missing.stderr]).toEqual([1, 'error: no such image: nope\n']);
    expect(readdirSync(scratch).filter((f) => f.startsWith('none'))).toEqual([]);
  });
});
