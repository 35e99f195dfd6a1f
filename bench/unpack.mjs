// Layer unpack throughput: Flotilla's unpackLayer against GNU tar -x on the
// same 100 MB gzip layer, interleaved in one run.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { unpackLayer } from '../dist/engine/images/unpack.js';

/** A layer of 100 folders × 10 files × 100 KiB (half random, half text). */
function makeLayer(dir) {
  const src = join(dir, 'src');
  for (let d = 0; d < 100; d++) {
    mkdirSync(join(src, `dir${d}`), { recursive: true });
    for (let f = 0; f < 10; f++) {
      const body = Buffer.concat([randomBytes(50 * 1024), Buffer.from('log line of text\n'.repeat(3012)).subarray(0, 50 * 1024)]);
      writeFileSync(join(src, `dir${d}`, `file${f}`), body);
    }
  }
  const layer = join(dir, 'layer.tar.gz');
  execFileSync('tar', ['--sort=name', '-czf', layer, '-C', src, '.']);
  rmSync(src, { recursive: true, force: true });
  return layer;
}

export async function benchUnpack(dir, median, runs = 5) {
  const layer = makeLayer(dir);
  const ours = [];
  const gnu = [];
  for (let i = 0; i < runs; i++) {
    const a = join(dir, `ours${i}`);
    let start = performance.now();
    await unpackLayer(createReadStream(layer, { highWaterMark: 1024 * 1024 }), a);
    ours.push(performance.now() - start);
    const b = join(dir, `gnu${i}`);
    mkdirSync(b);
    start = performance.now();
    execFileSync('tar', ['-xzpf', layer, '-C', b]);
    gnu.push(performance.now() - start);
    rmSync(a, { recursive: true, force: true });
    rmSync(b, { recursive: true, force: true });
  }
  const mb = 100;
  const oursMs = median(ours);
  const gnuMs = median(gnu);
  console.log(`unpack 100 MB gzip layer (1000 files): flotilla median ${oursMs.toFixed(0)} ms (${((mb * 1000) / oursMs).toFixed(0)} MB/s), GNU tar -x median ${gnuMs.toFixed(0)} ms (${((mb * 1000) / gnuMs).toFixed(0)} MB/s) over ${runs} runs; flotilla at ${(gnuMs / oursMs).toFixed(2)}x tar's speed (target >= 0.8x)`);
}
