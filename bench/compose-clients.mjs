// The compose clients the lifecycle bench drives: flotilla, each size in a
// root of its own, and docker's compose clients for --compare. A client
// runs a compose command, takes a project down, and lists the project's
// containers through its engine rather than through `ps`.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { buildBusybox } from '../fixtures/images/build-test-images.mjs';
import { launcher } from './cli.mjs';
import { dockerCli } from './docker-host.mjs';

export function runCompose(client, project, args) {
  const [cmd, ...prefix] = client.argv;
  const result = spawnSync(cmd, [...prefix, '-p', project.name, ...args], {
    cwd: project.dir,
    env: client.env(project),
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    timeout: 300_000,
  });
  if (result.status !== 0) throw new ComposeFailed(`${client.label} -p ${project.name} ${args.join(' ')}`, result);
  return result.stdout;
}

class ComposeFailed extends Error {
  constructor(command, result) {
    // Progress lines of every container come first: the end says what went wrong.
    super(`${command} failed (status ${result.status}): ${result.stderr.trim().split('\n').slice(-3).join('\n')}`);
    this.stderr = result.stderr;
  }
}

export function flotillaClient(dir, sizes) {
  const roots = new Map(sizes.map((size) => [size, join(dir, `compose-root-${size}`)]));
  const env = (project) => ({ ...process.env, FLOTILLA_ROOT: roots.get(project.size) });
  return {
    label: 'flotilla',
    argv: [launcher],
    env,
    down(project) {
      runCompose(this, project, ['down', '-t', '0']);
    },
    list: (project, { all }) => [launcher, 'container', 'ls', ...(all ? ['-a'] : []), '-q', '--filter', `label=com.docker.compose.project=${project.name}`],
    settle() {},
    prepare(projects) {
      for (const project of projects) {
        const loaded = spawnSync(launcher, ['image', 'load', '-q', '-i', buildBusybox()], { env: env(project), encoding: 'utf8' });
        if (loaded.status !== 0) throw new Error(`flotilla image load failed: ${loaded.stderr.trim()}`);
      }
    },
  };
}

/**
 * `up` lands separately from the rest of the CLI: until it does, the rows
 * say so. (`up --help` without an `up` prints the program's help.)
 */
export function flotillaHasUp() {
  const help = spawnSync(launcher, ['up', '--help'], { encoding: 'utf8' });
  return help.status === 0 && /^Usage: flotilla up\b/m.test(help.stdout);
}

/**
 * dockerd may still hold a container's endpoint on the network when compose
 * removes it ("has active endpoints"): `down` then fails after removing
 * every container. Its time counts (the work is done), the network is
 * removed after it, untimed, and the report says how often that happened.
 */
export function dockerClient({ label, argv }) {
  return {
    label,
    argv,
    env: () => process.env,
    lateNetworks: 0,
    leftNetworks: new Set(),
    down(project) {
      try {
        runCompose(this, project, ['down', '-t', '0']);
      } catch (err) {
        if (!/has active endpoints/.test(err.stderr ?? '')) throw err;
        this.lateNetworks += 1;
        this.leftNetworks.add(project);
      }
    },
    settle(project) {
      if (this.leftNetworks.delete(project)) removeNetworks(project);
    },
    list: (project, { all }) => [dockerCli, 'ps', ...(all ? ['-a'] : []), '-q', '--filter', `label=com.docker.compose.project=${project.name}`],
    prepare() {},
  };
}

/** The project's networks, removed with a few tries while dockerd lets their endpoints go. */
function removeNetworks(project) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const ids = spawnSync(dockerCli, ['network', 'ls', '-q', '--filter', `label=com.docker.compose.project=${project.name}`], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    if (ids.length === 0) return;
    spawnSync(dockerCli, ['network', 'rm', ...ids], { stdio: 'ignore' });
    spawnSync('sleep', ['0.5']);
  }
  throw new Error(`docker network rm: the networks of ${project.name} would not go`);
}
