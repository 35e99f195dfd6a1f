// Docker on this host for `npm run bench -- --compare`: Debian's docker.io
// and docker-compose installed when missing, dockerd started when it is not
// running, and the host given back as it was found. dockerd changes the
// host's firewall when it starts (FORWARD policy DROP, its own chains and
// jumps, the docker0 bridge) and keeps those changes when it stops, so
// what it added is removed again once the comparison is done.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const run = (cmd, args, options = {}) => spawnSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], ...options });
const installed = (tool) => run('sh', ['-c', `command -v ${tool}`]).status === 0;

// Debian's own client talks to Debian's dockerd at its API version; another
// client found first on PATH may be newer than the daemon.
export const dockerCli = existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';

/** Installs docker.io and docker-compose with apt unless both are there. */
export function ensureDockerPackages() {
  if (installed('dockerd') && installed('docker-compose')) return;
  console.log('--compare: installing docker.io and docker-compose with apt-get');
  // Another apt run (an image fixture build) may hold dpkg's lock for a while.
  const result = spawnSync('apt-get', ['install', '-y', '-q', '-o', 'DPkg::Lock::Timeout=300', '--no-install-recommends', 'docker.io', 'docker-compose'], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (result.status !== 0) throw new Error(`apt-get install docker.io docker-compose failed (status ${result.status})`);
}

/** The compose clients to compare with: docker-compose (1.x) and the `docker compose` plugin when present. */
export function composeClients() {
  const clients = [];
  const legacy = run('docker-compose', ['version', '--short']);
  if (legacy.status === 0) clients.push({ label: `docker-compose ${legacy.stdout.trim()}`, argv: ['docker-compose'] });
  const plugin = run(dockerCli, ['compose', 'version', '--short']);
  if (plugin.status === 0) clients.push({ label: `docker compose ${plugin.stdout.trim()}`, argv: [dockerCli, 'compose'] });
  return clients;
}

function daemonAnswers() {
  return run(dockerCli, ['info', '--format', '{{.ServerVersion}}'], { timeout: 10_000 }).status === 0;
}

// docker0 and one br-<network id> per user-defined network.
const DOCKER_NAMES = /DOCKER|docker0|br-[0-9a-f]{12}/;

function dockerBridges() {
  const names = run('ip', ['-o', 'link', 'show', 'type', 'bridge']).stdout.matchAll(/^\d+: ([^:@]+)/gm);
  return [...names].map((m) => m[1]).filter((name) => /^(docker0|br-[0-9a-f]{12})$/.test(name));
}

function forwardPolicy() {
  return /^-P FORWARD (\S+)/m.exec(run('iptables', ['-S', 'FORWARD']).stdout)?.[1];
}

/** What dockerd may change, read before it starts. */
function hostState() {
  return {
    forwardPolicy: forwardPolicy(),
    bridges: dockerBridges(),
    filter: run('iptables-save', ['-t', 'filter']).stdout,
    nat: run('iptables-save', ['-t', 'nat']).stdout,
  };
}

/**
 * Starts dockerd unless one answers already. Returns a function that stops
 * it again (when started here) and removes what it added to the host.
 */
export async function startDockerd(logDir) {
  if (daemonAnswers()) return async () => {};
  const before = hostState();
  const log = openSync(join(logDir, 'dockerd.log'), 'a');
  const daemon = spawn('dockerd', [], { stdio: ['ignore', log, log], detached: true });
  const exited = new Promise((resolve) => daemon.once('exit', resolve));
  const deadline = Date.now() + 60_000;
  while (!daemonAnswers()) {
    if (daemon.exitCode !== null || Date.now() > deadline) {
      daemon.kill('SIGKILL');
      // The log's folder goes with the bench's: its end is kept in the message.
      const tail = readFileSync(join(logDir, 'dockerd.log'), 'utf8').trim().split('\n').slice(-5).join('\n');
      throw new Error(`dockerd did not start:\n${tail}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return async () => {
    daemon.kill('SIGTERM');
    await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 30_000))]);
    if (daemon.exitCode === null && daemon.signalCode === null) daemon.kill('SIGKILL');
    restoreHost(before);
  };
}

const chainNames = (save) => new Set(save.split('\n').filter((line) => line.startsWith(':')).map((line) => line.slice(1).split(' ')[0]));

/**
 * What dockerd added to `table`: rules and chains absent before it started
 * that name docker's chains or bridges. Only those: other roots' tests may
 * add rules of their own meanwhile.
 */
function addedByDocker(table, before) {
  const now = run('iptables-save', ['-t', table]).stdout;
  const old = new Set(before.split('\n'));
  const oldChains = chainNames(before);
  const chains = [...chainNames(now)].filter((chain) => !oldChains.has(chain) && chain.startsWith('DOCKER'));
  // Rules inside docker's own chains go with the chains (flushed, not deleted one by one).
  const inOwnChain = (line) => chains.includes(line.split(' ')[1]);
  return { rules: now.split('\n').filter((line) => line.startsWith('-A ') && !old.has(line) && DOCKER_NAMES.test(line) && !inOwnChain(line)), chains };
}

function restoreHost(before) {
  const problems = [];
  for (const table of ['filter', 'nat']) {
    const { rules, chains } = addedByDocker(table, before[table]);
    // Jumps and rules go first (in reverse, so positions stay valid), then the chains they used.
    for (const rule of rules.reverse()) {
      const removed = run('iptables', ['-t', table, '-D', ...splitRule(rule.slice(3))]);
      if (removed.status !== 0) problems.push(`iptables -t ${table} -D ${rule.slice(3)}: ${removed.stderr.trim()}`);
    }
    for (const chain of chains) run('iptables', ['-t', table, '-F', chain]);
    for (const chain of chains) {
      const removed = run('iptables', ['-t', table, '-X', chain]);
      if (removed.status !== 0) problems.push(`iptables -t ${table} -X ${chain}: ${removed.stderr.trim()}`);
    }
  }
  if (before.forwardPolicy && forwardPolicy() !== before.forwardPolicy) run('iptables', ['-P', 'FORWARD', before.forwardPolicy]);
  for (const bridge of dockerBridges()) if (!before.bridges.includes(bridge)) run('ip', ['link', 'del', bridge]);
  for (const problem of problems) console.log(`--compare: could not undo dockerd's change: ${problem}`);
}

/** iptables-save's rule text as arguments: words, with "quoted comments" kept whole. */
function splitRule(text) {
  return [...text.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => m[1] ?? m[2]);
}
