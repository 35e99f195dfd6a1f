// `npm run bench`: prints the loader's figures. Medians over repeated runs,
// compared side by side in the same run so a noisy machine skews both alike.
// `npm run bench -- --compare` runs the compose projects with docker compose
// too (bench/compose.mjs).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadProject } from '../dist/index.js';
import { generateProject } from './generate-project.mjs';
import { benchUnpack } from './unpack.mjs';
import { benchImageList } from './images.mjs';
import { benchContainers } from './containers.mjs';
import { benchNetwork } from './network.mjs';
import { benchWatch } from './watch.mjs';
import { flotilla, flotillaModules } from './cli.mjs';
import { benchCompose } from './compose.mjs';
import { benchBuild } from './build.mjs';
import { benchPull } from './pull.mjs';
import { median } from './stats.mjs';

// This machine's image sets it; users' machines do not, and it costs every
// node start (each command measured here) about 50 ms of reading certificates.
delete process.env.NODE_EXTRA_CA_CERTS;

function timeRuns(runs, fn) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  return times;
}

function spawnTimed(args, cwd) {
  return () => {
    const result = spawnSync(process.execPath, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    if (result.status !== 0) throw new Error(`${args.join(' ')} failed: ${result.stderr}`);
  };
}

const dir = mkdtempSync(join(tmpdir(), 'flotilla-bench-'));
try {
  writeFileSync(join(dir, 'compose.yaml'), generateProject(200));
  writeFileSync(join(dir, '.env'), 'TAG=1.2.3\nREGISTRY=registry.local:5000\n');
  const load = () => loadProject({ workingDir: dir, environment: { HOME: '/root' } });

  for (let i = 0; i < 10; i++) load(); // warm-up: JIT and module caches
  const inProcess = timeRuns(30, load);
  console.log(`load + normalize, 200 services, in process (warm): median ${median(inProcess).toFixed(1)} ms over 30 runs (target < 100 ms)`);

  const small = join(dir, 'small');
  mkdirSync(small);
  writeFileSync(join(small, 'compose.yaml'), generateProject(5));

  const runs = 15;
  const series = { node: [], version: [], versionModules: [], small: [], smallModules: [], large: [] };
  // Interleaved so every command sees the same machine load.
  for (let i = 0; i < runs; i++) {
    series.node.push(...timeRuns(1, spawnTimed(['-e', '0'], dir)));
    series.version.push(...timeRuns(1, () => flotilla(['--version'])));
    series.versionModules.push(...timeRuns(1, () => flotillaModules(['--version'])));
    series.small.push(...timeRuns(1, () => flotilla(['config', '-q'], { cwd: small })));
    series.smallModules.push(...timeRuns(1, () => flotillaModules(['config', '-q'], { cwd: small })));
    series.large.push(...timeRuns(1, () => flotilla(['config', '-q'], { cwd: dir })));
  }
  const floor = median(series.node);
  const above = (ms) => `${(ms / floor).toFixed(2)}x node -e 0, ${(ms - floor).toFixed(1)} ms above it`;
  console.log(`node -e 0 (Node's own start): median ${floor.toFixed(1)} ms over ${runs} runs`);
  const [version, versionModules] = [median(series.version), median(series.versionModules)];
  console.log(`flotilla --version: from the start-up snapshot ${version.toFixed(1)} ms (${above(version)}); from the modules ${versionModules.toFixed(1)} ms (${above(versionModules)})`);
  for (const [label, times] of [['5 services', series.small], ['200 services', series.large]]) {
    const cold = median(times);
    console.log(`flotilla config -q, ${label}, cold process: median ${cold.toFixed(1)} ms over ${runs} runs (target < 250 ms); ${above(cold)}`);
  }
  const smallModules = median(series.smallModules);
  console.log(`flotilla config -q, 5 services, from the modules instead of the snapshot: median ${smallModules.toFixed(1)} ms (${above(smallModules)}); the snapshot saves ${(smallModules - median(series.small)).toFixed(1)} ms`);
  await benchUnpack(dir, median);
  benchImageList(dir, median);
  await benchContainers(dir, median);
  await benchNetwork(dir, median);
  benchBuild(dir, median);
  await benchPull(dir, median);
  await benchCompose(dir, { compare: process.argv.includes('--compare') });
  await benchWatch(dir, median);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
