// Container start-up against the kernel floor, side by side in one run:
// `flotilla container run --rm busybox true`, five-namespace `unshare`,
// `node -e 0`, crun/runc where installed; create + start inside the
// process; and the supervisor's memory with 20 containers running.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createContainer, removeContainer, startContainer } from '../dist/engine/container/index.js';
import { ImageStore } from '../dist/engine/images/index.js';
import { buildBusybox } from '../fixtures/images/build-test-images.mjs';
import { flotilla, flotillaModules, launcher as launcherPath } from './cli.mjs';

function timed(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

function installed(tool) {
  return spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;
}

export async function benchContainers(dir, median, runs = 15) {
  const root = join(dir, 'containers-root');
  const env = { ...process.env, FLOTILLA_ROOT: root };
  flotilla(['image', 'load', '-q', '-i', buildBusybox()], { env });
  const series = { node: [], flotilla: [], isolated: [], isolatedModules: [], unshare: [] };
  const runOnce = (extra, start = flotilla) => () => start(['container', 'run', '--rm', ...extra, 'busybox', 'true'], { env });
  try {
    runOnce([])(); // the default network is made once, outside the measurements
    const installedRuntimes = ['crun', 'runc'].filter(installed);
    const bundle = installedRuntimes.length > 0 ? await ociBundle(root, dir, installedRuntimes[0]) : undefined;
    const runtimeRun = (tool, name) => spawnSync(tool, ['run', '--bundle', bundle, name], { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' });
    // A runtime that cannot run here at all is reported, not compared.
    const runtimes = installedRuntimes.filter((tool) => {
      const trial = runtimeRun(tool, `flotilla-bench-${process.pid}-trial`);
      if (trial.status !== 0) console.log(`${tool}: cannot run on this host (${trial.stderr.trim().split('\n')[0]}), not compared`);
      return trial.status === 0;
    });
    for (const tool of runtimes) series[tool] = [];
    for (let i = 0; i < runs; i++) {
      series.node.push(timed(() => spawnSync(process.execPath, ['-e', '0'])));
      series.flotilla.push(timed(runOnce([])));
      series.isolated.push(timed(runOnce(['--network', 'none'])));
      series.isolatedModules.push(timed(runOnce(['--network', 'none'], flotillaModules)));
      series.unshare.push(timed(() => spawnSync('unshare', ['--fork', '--pid', '--mount', '--uts', '--ipc', '--net', 'true'])));
      for (const tool of runtimes) {
        series[tool].push(
          timed(() => {
            const run = runtimeRun(tool, `flotilla-bench-${process.pid}-${i}`);
            if (run.status !== 0) throw new Error(`${tool} run failed: ${run.stderr}`);
          }),
        );
      }
    }
    const [node, flotilla, isolated, floor] = [median(series.node), median(series.flotilla), median(series.isolated), median(series.unshare)];
    console.log(`container run --rm busybox true (default network, as docker): flotilla median ${flotilla.toFixed(1)} ms, node -e 0 ${node.toFixed(1)} ms (+${(flotilla - node).toFixed(1)} ms; target within 25 ms), unshare of five namespaces ${floor.toFixed(1)} ms, over ${runs} runs; docker run --rm measured at 330-360 ms here: ${(345 / flotilla).toFixed(1)}x faster (target >= 5x)`);
    console.log(`container run --rm --network none busybox true: median ${isolated.toFixed(1)} ms (+${(isolated - node).toFixed(1)} ms above node -e 0)`);
    const isolatedModules = median(series.isolatedModules);
    console.log(`the same, started from the modules instead of the start-up snapshot: median ${isolatedModules.toFixed(1)} ms (+${(isolatedModules - node).toFixed(1)} ms above node -e 0; the snapshot saves ${(isolatedModules - isolated).toFixed(1)} ms)`);
    for (const tool of runtimes) {
      const t = median(series[tool]);
      console.log(`${tool} run of the same root (its default spec: five namespaces, cgroups, no networking, no image handling): median ${t.toFixed(1)} ms; flotilla --network none is ${(isolated / t).toFixed(1)}x that`);
    }
  } finally {
    // The default network goes even when a measurement failed.
    spawnSync(launcherPath, ['network', 'prune', '-f'], { env });
  }
  for (const tool of ['crun', 'runc']) if (!installed(tool)) console.log(`${tool}: not installed, not compared`);
  await benchInProcess(root, median, runs);
  await benchShimMemory(root, median);
}

/**
 * An OCI bundle over busybox's unpacked layer: the runtime's own default
 * spec (pid, network, ipc, uts and mount namespaces, a read-only root),
 * running `true` without a terminal.
 */
async function ociBundle(root, dir, runtime) {
  const images = new ImageStore(root);
  const [layer] = await images.layerDirs(images.resolve('busybox'));
  const bundle = join(dir, 'oci-bundle');
  mkdirSync(bundle, { recursive: true });
  const made = spawnSync(runtime, ['spec'], { cwd: bundle });
  if (made.status !== 0) throw new Error(`${runtime} spec failed: ${made.stderr}`);
  const config = JSON.parse(readFileSync(join(bundle, 'config.json'), 'utf8'));
  config.process.terminal = false;
  config.process.args = ['true'];
  config.root = { path: layer, readonly: true };
  writeFileSync(join(bundle, 'config.json'), JSON.stringify(config));
  return bundle;
}

async function benchInProcess(root, median, runs) {
  const images = new ImageStore(root);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const record = await createContainer(root, images, { image: 'busybox', cmd: ['sleep', '60'] });
    await startContainer(root, images, record.id);
    times.push(performance.now() - start);
    await removeContainer(root, record.id, { force: true });
  }
  console.log(`create + start inside the process (no networking): median ${median(times).toFixed(1)} ms over ${runs} runs (target < 15 ms)`);
}

async function benchShimMemory(root, median) {
  const images = new ImageStore(root);
  const ids = [];
  try {
    for (let i = 0; i < 20; i++) {
      const record = await createContainer(root, images, { image: 'busybox', cmd: ['sleep', '300'] });
      await startContainer(root, images, record.id);
      ids.push(record.id);
    }
    const rss = ids.map((id) => {
      const shimPid = Number(/shim_pid=(\d+)/.exec(readFileSync(join(root, 'containers', id, 'state'), 'utf8'))[1]);
      return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${shimPid}/status`, 'utf8'))[1]);
    });
    console.log(`flotilla-shim RSS with 20 containers running: median ${(median(rss) / 1024).toFixed(2)} MiB per container (target < 2 MiB; containerd-shim measured at 13 MiB)`);
  } finally {
    for (const id of ids) await removeContainer(root, id, { force: true });
  }
}
