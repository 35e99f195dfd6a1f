// A private state root with the test images loaded, the CLI run against it,
// and the leak check every container test ends with.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain ESM script without type declarations
import { buildBusybox } from '../../fixtures/images/build-test-images.mjs';
import { cliPath } from './scenario.js';
import { hostNamePrefixes, runDir } from '../../networking/layout.js';
import { Cgroup } from '../../engine/cgroups/index.js';
import { afterAll, afterEach, beforeAll } from 'vitest';

export interface TestEngine {
  readonly root: string;
  flotilla(args: readonly string[], options?: { input?: string; timeout?: number; env?: Record<string, string> }): SpawnSyncReturns<string>;
  /**
   * Mounts, processes, network namespaces and veths of this root still
   * present (should be none once its containers are gone). The networks
   * themselves (bridges, chains, the DNS server) may stay: see networkLeftovers.
   */
  leftovers(): string[];
  /** Bridges, iptables rules, namespaces and the DNS server of this root (none once its networks are removed). */
  networkLeftovers(): string[];
  /** Runs the CLI and returns its stdout; throws with its stderr when it fails. */
  ok(args: readonly string[], env?: Record<string, string>): string;
  /** Every container of this root, running or not (full IDs). */
  containerIds(): string[];
  /** Removes every container, then throws if a mount, process, namespace, veth or cgroup of theirs stayed (a container test's afterEach). */
  removeContainers(): void;
  /** Removes every container and network, then throws if anything of theirs stayed (a networking test's afterEach). */
  clear(): void;
  dispose(): void;
}

export function testEngine(): TestEngine {
  const scratch = mkdtempSync(join(tmpdir(), 'flotilla-engine-'));
  const root = join(scratch, 'root');
  const flotilla = (args: readonly string[], options: { input?: string; timeout?: number; env?: Record<string, string> } = {}) =>
    spawnSync(cliPath, args, {
      // No upstream resolvers unless a test brings its own: lookups never leave the machine.
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', FLOTILLA_ROOT: root, FLOTILLA_DNS_UPSTREAMS: '', ...options.env },
      encoding: 'utf8',
      timeout: options.timeout ?? 60_000,
      ...(options.input !== undefined && { input: options.input }),
    });
  const loaded = flotilla(['image', 'load', '-q', '-i', (buildBusybox as () => string)()]);
  if (loaded.status !== 0) throw new Error(`loading busybox failed: ${loaded.stderr}`);
  const ok = (args: readonly string[], env?: Record<string, string>) => {
    const result = flotilla(args, env ? { env } : {});
    if (result.status !== 0) throw new Error(`flotilla ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
    return result.stdout;
  };
  const leftovers = () => [...mountsUnder(root), ...processesOf(root).filter((p) => !p.includes('flotilla-dns')), ...namespacesOf(root), ...portsOnBridgesOf(root)];
  const containerIds = () => ok(['container', 'ls', '-a', '-q', '--no-trunc']).split('\n').filter(Boolean);
  const removeContainers = () => {
    const ids = containerIds();
    if (ids.length > 0) flotilla(['container', 'rm', '-f', ...ids]);
    const left = settled(() => [
      ...containerIds().map((id) => `container ${id}`),
      ...leftovers(),
      ...Cgroup.list().filter((name) => ids.includes(name)).map((name) => `cgroup ${name}`),
    ]);
    if (left.length > 0) throw new Error(`left behind: ${left.join(', ')}`);
  };
  return {
    root,
    flotilla,
    leftovers,
    networkLeftovers: () => networkLeftovers(root),
    ok,
    containerIds,
    removeContainers,
    clear: () => {
      try {
        removeContainers();
      } finally {
        ok(['network', 'prune', '-f']);
      }
      const left = settled(() => networkLeftovers(root));
      if (left.length > 0) throw new Error(`left behind: ${left.join(', ')}`);
    },
    dispose: () => {
      // Networks outlive containers (the default one included): take them down, then check nothing stayed.
      flotilla(['network', 'prune', '-f']);
      const left = settled(() => networkLeftovers(root));
      rmSync(scratch, { recursive: true, force: true });
      if (left.length > 0) throw new Error(`networking left behind: ${left.join(', ')}`);
    },
  };
}

/**
 * One engine for the test file that calls this: made before its first test,
 * cleared (with the leak check) after each, disposed after the last.
 */
export function sharedTestEngine(): TestEngine {
  let engine: TestEngine | undefined;
  beforeAll(() => {
    engine = testEngine();
  });
  afterEach(async () => {
    // Tests drive the CLI with spawnSync, which blocks this worker; a turn of
    // the event loop between tests lets vitest's messages to the main
    // process through before the (also blocking) leak check.
    await new Promise((resolve) => setImmediate(resolve));
    engine?.clear();
  });
  afterAll(() => engine?.dispose());
  const current = (): TestEngine => {
    if (!engine) throw new Error('the test engine exists only while the tests run');
    return engine;
  };
  return {
    get root() {
      return current().root;
    },
    flotilla: (args, options) => current().flotilla(args, options),
    leftovers: () => current().leftovers(),
    networkLeftovers: () => current().networkLeftovers(),
    ok: (args, env) => current().ok(args, env),
    containerIds: () => current().containerIds(),
    removeContainers: () => current().removeContainers(),
    clear: () => current().clear(),
    dispose: () => current().dispose(),
  };
}

/**
 * What `check` finds left, once the kernel has had its time: it deletes the
 * veths of a dropped network namespace in the background, tens of ms after
 * the command that dropped it has returned.
 */
function settled(check: () => string[], ms = 3000): string[] {
  const deadline = Date.now() + ms;
  for (;;) {
    const left = check();
    if (left.length === 0 || Date.now() > deadline) return left;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
}

function namespacesOf(root: string): string[] {
  const { netns } = hostNamePrefixes(root);
  return safeList('/run/netns').filter((n) => n.startsWith(netns)).map((n) => `netns ${n}`);
}

/** Interfaces still enslaved to this root's bridges (container veths). */
function portsOnBridgesOf(root: string): string[] {
  const { bridge } = hostNamePrefixes(root);
  return safeList('/sys/class/net')
    .filter((n) => n.startsWith(bridge))
    .flatMap((br) => safeList(`/sys/class/net/${br}/brif`).map((port) => `veth ${port} on ${br}`));
}

export function networkLeftovers(root: string): string[] {
  const { bridge, chain } = hostNamePrefixes(root);
  const saved = spawnSync('iptables-save', { encoding: 'utf8' }).stdout ?? '';
  return [
    ...safeList('/sys/class/net').filter((n) => n.startsWith(bridge)).map((n) => `bridge ${n}`),
    ...saved.split('\n').filter((l) => l.includes(chain)).map((l) => `iptables ${l}`),
    ...namespacesOf(root),
    ...processesOf(root),
    ...(existsSync(runDir(root)) ? [`runtime dir ${runDir(root)}`] : []),
  ];
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function mountsUnder(root: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((line) => line.split(' ')[4]?.startsWith(root))
    .map((line) => `mount ${line.split(' ')[4]}`);
}

/** Supervisors whose spec lives under the root, by their command line. */
function processesOf(root: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(root)) found.push(`process ${pid}: ${cmdline.trim()}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
