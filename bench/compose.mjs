// The compose lifecycle of projects of 1, 10 and 50 busybox services: cold
// `up -d`, a no-op `up -d`, `ps` and `down -t 0`, with `node -e 0` timed in
// the same rounds. With --compare, docker-compose (and the `docker compose`
// plugin where installed) runs the same projects in the same rounds, and
// each row prints the ratio. Each size has its own FLOTILLA_ROOT.
// Runs alone too: `node bench/compose.mjs [--compare] [--rounds=N]` (after a build).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { dockerClient, flotillaClient, flotillaHasUp, runCompose } from './compose-clients.mjs';
import { composeClients, ensureDockerPackages, startDockerd } from './docker-host.mjs';
import { loadBusyboxIntoDocker } from './docker-image.mjs';
import { median } from './stats.mjs';

const SIZES = [1, 10, 50];
const STEPS = [
  ['cold', 'cold up -d'],
  ['noop', 'no-op up -d'],
  ['ps', 'ps'],
  ['down', 'down -t 0'],
];

function timed(fn) {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

/** One folder per size holding compose.yaml: N services running `sleep`, as `docker run busybox sleep` would. */
function writeProject(dir, size) {
  const lines = ['services:'];
  for (let i = 1; i <= size; i++) lines.push(`  s${i}:`, '    image: busybox', '    command: ["sleep", "3600"]');
  const projectDir = join(dir, `compose-${size}`);
  mkdirSync(projectDir, { recursive: true });
  writeFileSync(join(projectDir, 'compose.yaml'), `${lines.join('\n')}\n`);
  return { size, name: `flbench${size}`, dir: projectDir };
}

/** The project's containers (running ones, or all) as the engine, not `ps`, sees them. */
function containerCount(client, project, { all }) {
  const [cmd, ...args] = client.list(project, { all });
  const result = spawnSync(cmd, args, { env: client.env(project), encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${[cmd, ...args].join(' ')} failed: ${result.stderr.trim()}`);
  return result.stdout.split('\n').filter(Boolean).length;
}

/**
 * One lifecycle of one project. The first round also checks that `up`
 * started every service and `down` removed them all: figures of a command
 * that did not do its job would mean nothing.
 */
function lifecycle(client, project, series, { check }) {
  series.cold.push(timed(() => runCompose(client, project, ['up', '-d'])));
  const running = check && containerCount(client, project, { all: false });
  if (check && running !== project.size) throw new Error(`${client.label} up -d: ${running} of ${project.size} containers of ${project.name} running`);
  for (let i = 0; i < 3; i++) series.noop.push(timed(() => runCompose(client, project, ['up', '-d'])));
  for (let i = 0; i < 3; i++) series.ps.push(timed(() => runCompose(client, project, ['ps'])));
  series.down.push(timed(() => client.down(project)));
  client.settle(project);
  if (check && containerCount(client, project, { all: true }) !== 0) throw new Error(`${client.label} down -t 0 left containers of ${project.name}`);
}

const ms = (value) => `${value.toFixed(value < 100 ? 1 : 0)} ms`;

function report(projects, { flotilla, others }, results, node, rounds) {
  console.log(`compose lifecycle, busybox services running sleep: medians over ${rounds} interleaved rounds (no-op up and ps 3 times a round); node -e 0 ${ms(median(node))} in the same rounds`);
  for (const project of projects) {
    for (const [step, label] of STEPS) {
      const own = flotilla ? median(results.get(flotilla).get(project.size)[step]) : undefined;
      const cells = [own === undefined ? 'flotilla skipped' : `flotilla ${ms(own)}`];
      for (const other of others) {
        const theirs = median(results.get(other).get(project.size)[step]);
        cells.push(`${other.label} ${ms(theirs)}${own === undefined ? '' : ` (${(theirs / own).toFixed(1)}x; target >= 5x)`}`);
      }
      const target = step === 'noop' && project.size === 10 ? ' (target < 100 ms)' : '';
      console.log(`  ${String(project.size).padStart(2)} services, ${label.padEnd(11)}: ${cells.join(', ')}${target}`);
    }
  }
  for (const client of [flotilla, ...others].filter(Boolean)) printScaling(client, results.get(client));
  for (const other of others.filter((client) => client.lateNetworks > 0)) {
    console.log(`  ${other.label}: down failed ${other.lateNetworks} times with "network has active endpoints" after removing the containers (dockerd releasing endpoints late); those times count, the network was removed after`);
  }
}

/** Cold `up` per service at each size, and what each added service costs: equal costs mean linear. */
function printScaling(client, bySize) {
  const cold = SIZES.map((size) => median(bySize.get(size).cold));
  const perService = SIZES.map((size, i) => `${size}: ${ms(cold[i] / size)}`).join(', ');
  const added = SIZES.slice(1).map((size, i) => `${SIZES[i]} to ${size}: ${ms((cold[i + 1] - cold[i]) / (size - SIZES[i]))}`).join(', ');
  console.log(`  ${client.label} cold up -d per service (${perService}); each added service (${added})`);
}

/** Docker's side of the comparison, set up; returns the clients and what undoes the setup, last first. */
async function dockerSide(dir, undo) {
  ensureDockerPackages();
  undo.unshift(await startDockerd(dir));
  undo.unshift(loadBusyboxIntoDocker(dir));
  return composeClients().map(dockerClient);
}

function measure(projects, clients, rounds) {
  const results = new Map(clients.map((client) => [client, new Map(SIZES.map((size) => [size, { cold: [], noop: [], ps: [], down: [] }]))]));
  const node = [];
  try {
    for (let round = 0; round < rounds; round++) {
      node.push(timed(() => spawnSync(process.execPath, ['-e', '0'])));
      for (const project of projects) for (const client of clients) lifecycle(client, project, results.get(client).get(project.size), { check: round === 0 });
    }
  } finally {
    for (const project of projects) for (const client of clients) leaveNothing(client, project);
  }
  return { results, node };
}

export async function benchCompose(dir, { compare = false, rounds = 5 } = {}) {
  const projects = SIZES.map((size) => writeProject(dir, size));
  const flotilla = flotillaHasUp() ? flotillaClient(dir, SIZES) : undefined;
  if (!flotilla) console.log('compose lifecycle (up -d, ps, down): flotilla rows skipped: `flotilla up` is not built yet');
  const undo = [];
  try {
    const others = compare ? await dockerSide(dir, undo) : [];
    const clients = [flotilla, ...others].filter(Boolean);
    if (clients.length === 0) return;
    for (const client of clients) client.prepare(projects);
    const { results, node } = measure(projects, clients, rounds);
    report(projects, { flotilla, others }, results, node, rounds);
  } finally {
    for (const step of undo) await step();
  }
}

/** A failed round may leave a project up: a last `down` takes it away, or says why it could not. */
function leaveNothing(client, project) {
  try {
    client.down(project);
    client.settle(project);
  } catch (err) {
    console.log(`could not take ${project.name} down with ${client.label}: ${err.message}`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  delete process.env.NODE_EXTRA_CA_CERTS;
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-bench-'));
  try {
    const rounds = /^--rounds=(\d+)$/.exec(process.argv.find((arg) => arg.startsWith('--rounds=')) ?? '')?.[1];
    await benchCompose(dir, { compare: process.argv.includes('--compare'), ...(rounds && { rounds: Number(rounds) }) });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
