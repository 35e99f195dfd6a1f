// `flotilla image build` of the multi-stage fixture (two stages, COPY,
// COPY --from, ADD, RUN): the first build, then a rebuild with nothing
// changed, which must take every step from the cache (target < 300 ms).
import { spawnSync } from 'node:child_process';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { buildBusybox, buildMiniHttpd } from '../fixtures/images/build-test-images.mjs';
import { flotilla, launcher } from './cli.mjs';

export function benchBuild(dir, median, runs = 15) {
  const root = join(dir, 'build-state');
  const env = { ...process.env, FLOTILLA_ROOT: root };
  const context = join(dir, 'build-context');
  cpSync(new URL('../fixtures/build/multi-stage', import.meta.url).pathname, context, { recursive: true });
  for (const archive of [buildBusybox(), buildMiniHttpd()]) flotilla(['image', 'load', '-q', '-i', archive], { env });
  const build = () => spawnSync(launcher, ['image', 'build', '-t', 'bench-build', context], { env, encoding: 'utf8' });
  try {
    let start = performance.now();
    const first = build();
    const firstMs = performance.now() - start;
    if (first.status !== 0) throw new Error(`image build failed: ${first.stderr}`);
    const floor = [];
    const rebuilds = [];
    for (let i = 0; i < runs; i++) {
      start = performance.now();
      spawnSync(process.execPath, ['-e', '0']);
      floor.push(performance.now() - start);
      start = performance.now();
      const again = build();
      rebuilds.push(performance.now() - start);
      const ran = again.stderr.split('\n').filter((line) => / DONE$/.test(line));
      if (again.status !== 0 || ran.length > 0) throw new Error(`a no-change rebuild ran steps again: ${ran.join(', ') || again.stderr}`);
    }
    console.log(`flotilla image build, multi-stage fixture: first build ${firstMs.toFixed(1)} ms; no-change rebuild (all cache hits) median ${median(rebuilds).toFixed(1)} ms over ${runs} runs (target < 300 ms); node -e 0 ${median(floor).toFixed(1)} ms in the same runs`);
  } finally {
    // RUN steps join the default network: take it down with the state root.
    spawnSync(launcher, ['network', 'prune', '-f'], { env, stdio: 'ignore' });
  }
}
