// `flotilla image pull` of a 3-layer image from a registry on 127.0.0.1
// (Debian's docker-registry), against `skopeo copy` of the same image to an
// OCI directory, in the same run. The pull also unpacks the layers, which
// skopeo does not: its figure is the floor for the transfer alone.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { BlobStore } from '../dist/engine/images/blob-store.js';
import { writeTags } from '../dist/engine/images/tags.js';
import { flotilla } from './cli.mjs';

const LAYER_MB = [4, 2, 1];

/** Three layers of incompressible files (4, 2 and 1 MiB), the same bytes every run (a seeded stream). */
function threeLayerImage(root, work) {
  const blobs = new BlobStore(root);
  let seed = createHash('sha256').update('flotilla bench pull').digest();
  const bytes = (n) => {
    const out = [];
    for (let size = 0; size < n; size += 32) out.push((seed = createHash('sha256').update(seed).digest()));
    return Buffer.concat(out).subarray(0, n);
  };
  const layers = [];
  const diffIds = [];
  for (const [i, mb] of LAYER_MB.entries()) {
    const dir = join(work, `layer${i}`);
    mkdirSync(join(dir, `data${i}`), { recursive: true });
    writeFileSync(join(dir, `data${i}/blob`), bytes(mb * 1024 * 1024));
    const tar = execFileSync('tar', ['--sort=name', '--mtime=@0', '--owner=0', '--group=0', '--numeric-owner', '-C', dir, '-cf', '-', '.'], { maxBuffer: 64 * 1024 * 1024 });
    diffIds.push(`sha256:${createHash('sha256').update(tar).digest('hex')}`);
    const gz = execFileSync('gzip', ['-n', '-1'], { input: tar, maxBuffer: 64 * 1024 * 1024 });
    layers.push({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...blobs.put(gz) });
  }
  const config = blobs.put(Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', config: {}, rootfs: { type: 'layers', diff_ids: diffIds } })));
  const manifest = blobs.put(Buffer.from(JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.manifest.v1+json', config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config }, layers })));
  return manifest.digest;
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function startRegistry(dir) {
  const port = await freePort();
  writeFileSync(join(dir, 'registry.yml'), `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'registry')}\nhttp:\n  addr: 127.0.0.1:${port}\n`);
  const child = spawn('docker-registry', ['serve', join(dir, 'registry.yml')], { stdio: 'ignore' });
  for (let i = 0; i < 200; i++) {
    if (spawnSync('timeout', ['1', 'bash', '-c', `exec 3<>/dev/tcp/127.0.0.1/${port}`]).status === 0) return { host: `127.0.0.1:${port}`, child };
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  child.kill();
  throw new Error('docker-registry did not start');
}

export async function benchPull(dir, median, runs = 7) {
  if (spawnSync('which', ['docker-registry']).status !== 0) {
    console.log('pull benchmark skipped: docker-registry is not installed (.ci/apt-packages)');
    return;
  }
  const work = join(dir, 'pull');
  mkdirSync(work, { recursive: true });
  const registry = await startRegistry(work);
  try {
    const seedRoot = join(work, 'seed');
    const manifest = threeLayerImage(seedRoot, work);
    const name = `${registry.host}/bench/three-layers:1`;
    writeTags(seedRoot, { [name]: manifest });
    flotilla(['image', 'push', '-q', name], { env: { ...process.env, FLOTILLA_ROOT: seedRoot } });
    const ours = [];
    const skopeo = [];
    for (let i = 0; i < runs; i++) {
      const root = join(work, `root${i}`);
      let start = performance.now();
      flotilla(['image', 'pull', '-q', name], { env: { ...process.env, FLOTILLA_ROOT: root } });
      ours.push(performance.now() - start);
      const dest = join(work, `oci${i}`);
      start = performance.now();
      execFileSync('skopeo', ['copy', '-q', '--src-tls-verify=false', `docker://${name}`, `oci:${dest}:1`], { stdio: 'ignore' });
      skopeo.push(performance.now() - start);
      rmSync(root, { recursive: true, force: true });
      rmSync(dest, { recursive: true, force: true });
    }
    const size = LAYER_MB.reduce((a, b) => a + b, 0);
    console.log(`image pull, 3 layers (${size} MiB), local registry, into an empty store (download + verify + unpack): median ${median(ours).toFixed(1)} ms over ${runs} runs; skopeo copy to an OCI dir (download only): median ${median(skopeo).toFixed(1)} ms`);
  } finally {
    registry.child.kill();
  }
}
