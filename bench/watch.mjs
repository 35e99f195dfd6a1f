// Live reload, each figure beside its floor in the same run: a compose edit
// until the changed container runs again (floor: create + start of the same
// container configuration), and a synced file until its content is in the
// container (floor: one copy of the file in). Medians over 20 saves.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Engine, watchProject } from '../dist/index.js';
import { buildBusybox } from '../fixtures/images/build-test-images.mjs';
import { flotilla, launcher } from './cli.mjs';

const SAVES = 20;

const composeFile = (value) => `services:
  app:
    image: busybox
    command: sleep 3600
    stop_signal: SIGKILL
    environment:
      VERSION: "${value}"
    develop:
      watch:
        - path: ./src
          target: /app
          action: sync
`;

export async function benchWatch(dir, median) {
  const project = join(dir, 'watch-project');
  const root = join(dir, 'watch-root');
  mkdirSync(join(project, 'src'), { recursive: true });
  writeFileSync(join(project, 'compose.yaml'), composeFile(0));
  writeFileSync(join(project, 'src', 'page.txt'), 'page 0\n');
  const env = { ...process.env, FLOTILLA_ROOT: root };
  flotilla(['image', 'load', '-q', '-i', buildBusybox()], { env });
  const engine = new Engine({ root, env });
  const watch = watchProject({ files: [join(project, 'compose.yaml')], workingDir: project, environment: {}, engine });
  try {
    await watch.ready;
    const edits = await timeSaves((i) => writeFileSync(join(project, 'compose.yaml'), composeFile(i + 1)), watch, () => {
      const view = engine.inspect('watch-project-app-1');
      if (view.state.status !== 'running' || !view.record.config.env?.includes(`VERSION=${SAVES}`)) return `app is ${view.state.status} without VERSION=${SAVES}`;
    });
    const runFloor = await timeContainerRuns(engine);
    console.log(`watch: compose file saved to the changed container running again: median ${median(edits).toFixed(1)} ms over ${SAVES} saves (target < 300 ms); floor, create + start of the same container config in process: ${median(runFloor).toFixed(1)} ms`);

    const page = join(project, 'src', 'page.txt');
    const syncs = await timeSaves((i) => writeFileSync(page, `page ${i + 1}\n`), watch, () => {
      const seen = spawnSync(launcher, ['container', 'exec', 'watch-project-app-1', 'cat', '/app/page.txt'], { env, encoding: 'utf8' }).stdout;
      if (seen !== `page ${SAVES}\n`) return `the container has ${JSON.stringify(seen)}`;
    });
    const copyFloor = [];
    for (let i = 0; i < SAVES; i++) {
      const start = performance.now();
      await engine.copyTo('watch-project-app-1', page, '/app/page.txt');
      copyFloor.push(performance.now() - start);
    }
    console.log(`watch: synced file saved to its content in the container: median ${median(syncs).toFixed(1)} ms over ${SAVES} saves (target < 100 ms); floor, one copy of the file in: ${median(copyFloor).toFixed(1)} ms`);
  } finally {
    await watch.close();
    spawnSync(launcher, ['--project-directory', project, '-f', join(project, 'compose.yaml'), 'down', '-t', '0'], { env, stdio: 'ignore' });
  }
}

// Each save is timed from the write to the end of the apply it caused; the
// last one is then checked against the container, so a figure is never of
// an apply that did nothing.
async function timeSaves(save, watch, checkLast) {
  const times = [];
  for (let i = 0; i < SAVES; i++) {
    const applied = watch.nextApply();
    const start = performance.now();
    save(i);
    const outcome = await applied;
    times.push(performance.now() - start);
    if (outcome.error) throw outcome.error;
  }
  const problem = checkLast();
  if (problem) throw new Error(`watch bench: after the last save, ${problem}`);
  return times;
}

async function timeContainerRuns(engine) {
  const { config } = engine.inspect('watch-project-app-1').record;
  const times = [];
  for (let i = 0; i < SAVES; i++) {
    const start = performance.now();
    const made = await engine.create({ ...config, name: `watch-floor-${process.pid}-${i}`, labels: {} });
    await engine.start(made.id);
    times.push(performance.now() - start);
    await engine.remove(made.id, { force: true });
  }
  return times;
}
