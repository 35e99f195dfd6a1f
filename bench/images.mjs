// `flotilla images` wall time with 50 images in the store, against node -e 0.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';
import { BlobStore } from '../dist/engine/images/blob-store.js';
import { writeTags } from '../dist/engine/images/tags.js';
import { flotilla } from './cli.mjs';

/** 50 distinct one-layer images written straight into a store. */
function fillStore(root) {
  const blobs = new BlobStore(root);
  const tags = {};
  for (let i = 0; i < 50; i++) {
    const layer = blobs.put(gzipSync(Buffer.from(`layer ${i}`.padEnd(10240, '.'))));
    const config = blobs.put(Buffer.from(JSON.stringify({ created: '2026-01-01T00:00:00Z', architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [layer.digest] }, config: {} })));
    const manifest = blobs.put(
      Buffer.from(
        JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...config },
          layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...layer }],
        }),
      ),
    );
    tags[`docker.io/library/bench${i}:latest`] = manifest.digest;
  }
  writeTags(root, tags);
}

export function benchImageList(dir, median, runs = 15) {
  const root = join(dir, 'state');
  fillStore(root);
  const floor = [];
  const list = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    floor.push(performance.now() - start);
    start = performance.now();
    flotilla(['images'], { env: { ...process.env, FLOTILLA_ROOT: root } });
    list.push(performance.now() - start);
  }
  const ms = median(list);
  console.log(`flotilla images with 50 images: median ${ms.toFixed(1)} ms over ${runs} runs (target < 200 ms); node -e 0 ${median(floor).toFixed(1)} ms in the same runs`);
}
