// `flotilla image save` writes one archive that is both an OCI image layout
// and a docker-archive (as Docker 25+ does): skopeo reads it either way,
// with gzip layers left compressed, and it loads back unchanged.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { buildBusybox, buildMiniHttpd } from '../../fixtures/images/build-test-images.mjs';
import { cliPath } from '../helpers/scenario.js';

let root: string;
let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'flotilla-save-formats-'));
  root = join(scratch, 'root');
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

function flotilla(args: string[]) {
  return spawnSync(cliPath, args, { env: { PATH: '/usr/bin:/bin', FLOTILLA_ROOT: root }, encoding: 'utf8' });
}

const skopeo = (...args: string[]) => JSON.parse(execFileSync('skopeo', args).toString());
const member = (archive: string, name: string) => JSON.parse(execFileSync('tar', ['-xOf', archive, name]).toString());
const inspect = (name: string) => JSON.parse(flotilla(['image', 'inspect', name]).stdout)[0];

function loadTestImages(): void {
  flotilla(['image', 'load', '-i', (buildBusybox as () => string)()]);
  flotilla(['image', 'load', '-i', (buildMiniHttpd as () => string)()]);
  flotilla(['image', 'tag', 'mini-httpd', 'registry.local:5000/team/tools:v1']);
}

describe('flotilla image save formats', () => {
  it('writes manifest.json and repositories beside the OCI layout', () => {
    loadTestImages();
    const saved = join(scratch, 'saved.tar');
    expect(flotilla(['image', 'save', '-o', saved, 'busybox', 'mini-httpd', 'registry.local:5000/team/tools:v1']).status).toBe(0);
    const busybox = inspect('busybox');
    const httpd = inspect('mini-httpd');
    const manifestOf = (image: { Manifest: string }) => member(saved, `blobs/sha256/${image.Manifest.slice(7)}`);
    const paths = (image: { Manifest: string }) => manifestOf(image).layers.map((l: { digest: string }) => `blobs/sha256/${l.digest.slice(7)}`);
    // One entry per image, with every name it was saved under, in docker's familiar form.
    expect(member(saved, 'manifest.json')).toEqual([
      { Config: `blobs/sha256/${busybox.Id.slice(7)}`, RepoTags: ['busybox:latest'], Layers: paths(busybox) },
      { Config: `blobs/sha256/${httpd.Id.slice(7)}`, RepoTags: ['mini-httpd:latest', 'registry.local:5000/team/tools:v1'], Layers: paths(httpd) },
    ]);
    const top = (image: { RootFS: { Layers: string[] } }) => image.RootFS.Layers.at(-1)!.slice(7);
    expect(member(saved, 'repositories')).toEqual({
      busybox: { latest: top(busybox) },
      'mini-httpd': { latest: top(httpd) },
      'registry.local:5000/team/tools': { v1: top(httpd) },
    });
    expect(member(saved, 'index.json').manifests).toHaveLength(3);
  });

  it('is read by skopeo as docker-archive (gzip layers and all) and as oci-archive', () => {
    loadTestImages();
    const saved = join(scratch, 'saved.tar');
    expect(flotilla(['image', 'save', '-o', saved, 'busybox', 'mini-httpd', 'registry.local:5000/team/tools:v1']).status).toBe(0);
    const busybox = inspect('busybox');
    const httpd = inspect('mini-httpd');
    // docker-archive: skopeo decompresses the gzip layers and reports their diff ids.
    expect(skopeo('inspect', `docker-archive:${saved}:busybox:latest`)).toMatchObject({ Name: 'docker.io/library/busybox', Layers: busybox.RootFS.Layers });
    expect(skopeo('inspect', `docker-archive:${saved}:registry.local:5000/team/tools:v1`).Layers).toEqual(httpd.RootFS.Layers);
    // oci-archive: selected by the tag in org.opencontainers.image.ref.name (the first "latest" is busybox).
    const blobDigests = (image: { Manifest: string }) => member(saved, `blobs/sha256/${image.Manifest.slice(7)}`).layers.map((l: { digest: string }) => l.digest);
    expect(skopeo('inspect', `oci-archive:${saved}:latest`).Layers).toEqual(blobDigests(busybox));
    expect(skopeo('inspect', `oci-archive:${saved}:v1`).Layers).toEqual(blobDigests(httpd));
    expect(skopeo('inspect', '--raw', `oci-archive:${saved}:v1`).layers.map((l: { mediaType: string }) => l.mediaType)).toEqual([
      'application/vnd.oci.image.layer.v1.tar+gzip',
      'application/vnd.oci.image.layer.v1.tar+gzip',
    ]);
    const copy = join(scratch, 'copy');
    execFileSync('skopeo', ['copy', '-q', `docker-archive:${saved}:mini-httpd:latest`, `oci:${copy}:web`]);
    const index = JSON.parse(readFileSync(join(copy, 'index.json'), 'utf8'));
    const copied = JSON.parse(readFileSync(join(copy, 'blobs/sha256', index.manifests[0].digest.slice(7)), 'utf8'));
    // skopeo converts the docker-archive image to OCI (config re-serialized, layers recompressed): same content, new digests.
    const config = JSON.parse(readFileSync(join(copy, 'blobs/sha256', copied.config.digest.slice(7)), 'utf8'));
    expect(config.rootfs.diff_ids).toEqual(httpd.RootFS.Layers);
    expect(config.config).toEqual(httpd.Config);
  });

  it('saves an image by ID with RepoTags null and no repositories file', () => {
    loadTestImages();
    const saved = join(scratch, 'by-id.tar');
    const id = inspect('busybox').Id;
    expect(flotilla(['image', 'save', '-o', saved, id.slice(7, 19)]).status).toBe(0);
    expect(member(saved, 'manifest.json')).toEqual([expect.objectContaining({ RepoTags: null })]);
    expect(execFileSync('tar', ['-tf', saved]).toString().split('\n')).not.toContain('repositories');
    expect(skopeo('inspect', `docker-archive:${saved}`).Layers).toEqual(inspect('busybox').RootFS.Layers);
  });

  it('loads back into a fresh store with the same image IDs', () => {
    loadTestImages();
    const saved = join(scratch, 'saved.tar');
    flotilla(['image', 'save', '-o', saved, 'busybox', 'registry.local:5000/team/tools:v1']);
    const ids = [inspect('busybox').Id, inspect('registry.local:5000/team/tools:v1').Id];
    root = join(scratch, 'fresh-root');
    expect(flotilla(['image', 'load', '-i', saved]).stdout).toBe('Loaded image: busybox:latest\nLoaded image: registry.local:5000/team/tools:v1\n');
    expect([inspect('busybox').Id, inspect('registry.local:5000/team/tools:v1').Id]).toEqual(ids);
    // Two manifests, two configs, two layers: nothing extra came in with manifest.json.
    expect(readdirSync(join(root, 'blobs/sha256'))).toHaveLength(6);
  });
});
