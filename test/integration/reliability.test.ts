// Faults a careless user or a hostile host causes: a killed supervisor,
// limits the kernel cannot honour, failures before a container's process
// runs, and their exit statuses. Each test ends with the leak check.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { sharedTestEngine, testEngine } from '../helpers/engine.js';
import { cliPath } from '../helpers/scenario.js';
import { attachmentPath, netnsName, runDir, vethName } from '../../networking/layout.js';
// @ts-expect-error: a plain ESM script without type declarations
import { buildBusybox } from '../../fixtures/images/build-test-images.mjs';

const engine = sharedTestEngine();

function stateOf(name: string): { Status: string; Pid: number; ExitCode: number } {
  return JSON.parse(engine.ok(['container', 'inspect', name]))[0].State;
}

function supervisorPid(name: string): number {
  const [info] = JSON.parse(engine.ok(['container', 'inspect', name]));
  const state = readFileSync(join(engine.root, 'containers', info.Id, 'state'), 'utf8');
  return Number(/shim_pid=(\d+)/.exec(state)![1]);
}

/** Gone, or a zombie waiting for init to reap it. */
function ended(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] === 'Z';
  } catch {
    return true;
  }
}

function listening(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '0.0.0.0', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

/** Runs the CLI without blocking this worker, so that several run at once. */
function flotillaAsync(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cliPath, args, { env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', FLOTILLA_ROOT: engine.root, FLOTILLA_DNS_UPSTREAMS: '' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

describe('starts under concurrency', () => {
  it('a link another container holds that cannot be repaired now fails no other start', () => {
    engine.ok(['network', 'create', 'busy-net']);
    const network = readdirSync(join(engine.root, 'networks')).map((f) => JSON.parse(readFileSync(join(engine.root, 'networks', f), 'utf8'))).find((n) => n.name === 'busy-net');
    // What a sync sees of a container whose namespace is being dropped as it
    // ends: its record, its namespace still there, a host end off the bridge
    // that cannot be put back (here, one that is no veth at all).
    const id = 'e'.repeat(64);
    const netns = netnsName(engine.root, id);
    const veth = vethName(engine.root, id, network.id);
    execFileSync('ip', ['netns', 'add', netns]);
    execFileSync('ip', ['link', 'add', veth, 'type', 'bridge']);
    try {
      const endpoint = { networkId: network.id, networkName: 'busy-net', interface: 'eth0', veth, ip: network.gateway.replace(/\.1$/, '.200'), prefix: 24, gateway: network.gateway, mac: '02:42:00:00:00:01', dnsNames: [], aliases: [], staticIp: false };
      mkdirSync(join(engine.root, 'network-attachments'), { recursive: true });
      writeFileSync(attachmentPath(engine.root, id), JSON.stringify({ containerId: id, containerName: 'ending', netns, endpoints: [endpoint], ports: [], links: [] }));
      const run = engine.flotilla(['container', 'run', '--rm', '--network', 'busy-net', 'busybox', 'true']);
      expect([run.status, run.stderr]).toEqual([0, '']);
    } finally {
      rmSync(attachmentPath(engine.root, id), { force: true });
      execFileSync('ip', ['link', 'del', veth]);
      execFileSync('ip', ['netns', 'del', netns]);
    }
  });

  it('20 parallel run --rm on the default network all succeed and leave nothing, three times over', async () => {
    for (let round = 0; round < 3; round++) {
      const runs = await Promise.all(Array.from({ length: 20 }, () => flotillaAsync(['container', 'run', '--rm', 'busybox', 'true'])));
      expect(runs.filter((r) => r.status !== 0)).toEqual([]);
      expect(engine.containerIds()).toEqual([]);
    }
  }, 120_000);
});

describe('a root deleted with its networks up', () => {
  it('its DNS server ends, and the next network on its subnet sweeps its bridge and chains, then works', async () => {
    const subnet = '10.213.77.0/24';
    const doomed = testEngine();
    try {
      doomed.ok(['network', 'create', '--subnet', subnet, 'doomed']);
      const server = Number(readFileSync(join(runDir(doomed.root), 'dns.pid'), 'utf8').split(' ')[0]);
      expect(existsSync(`/proc/${server}`)).toBe(true);
      rmSync(doomed.root, { recursive: true, force: true });
      // The server notices its state is gone without anyone telling it.
      await eventually(() => expect(ended(server)).toBe(true), 5000);
      engine.ok(['network', 'create', '--subnet', subnet, 'reused']);
      expect(doomed.networkLeftovers()).toEqual([]);
      engine.ok(['container', 'run', '-d', '--name', 'peer', '--network', 'reused', 'busybox', 'sleep', '300']);
      const probe = engine.flotilla(['container', 'run', '--rm', '--network', 'reused', 'busybox', 'sh', '-c', 'nslookup peer >/dev/null && ping -c 1 -W 2 peer >/dev/null && echo reached']);
      expect([probe.stdout, probe.stderr]).toEqual(['reached\n', '']);
    } finally {
      doomed.dispose();
    }
  });
});

describe('a killed supervisor', () => {
  it('takes its container along: the state says exited, and rm works the first time', async () => {
    engine.ok(['container', 'run', '-d', '--name', 'orphan', 'busybox', 'sleep', '300']);
    const { Pid: pid } = stateOf('orphan');
    process.kill(supervisorPid('orphan'), 'SIGKILL');
    await eventually(() => expect(existsSync(`/proc/${pid}`)).toBe(false));
    expect(stateOf('orphan')).toMatchObject({ Status: 'exited', ExitCode: 255 });
    const rm = engine.flotilla(['container', 'rm', 'orphan']);
    expect([rm.status, rm.stderr]).toEqual([0, '']);
  });

  it('rm -f removes a container whose process outlived its supervisor', () => {
    // A change of user clears the parent-death signal (the kernel's rule): this one outlives its supervisor.
    engine.ok(['container', 'run', '-d', '--name', 'survivor', 'busybox', 'su', 'nobody', '-s', '/bin/sh', '-c', 'exec sleep 300']);
    const { Pid: pid } = stateOf('survivor');
    process.kill(supervisorPid('survivor'), 'SIGKILL');
    expect(existsSync(`/proc/${pid}`)).toBe(true);
    const rm = engine.flotilla(['container', 'rm', '-f', 'survivor']);
    expect([rm.status, rm.stderr]).toEqual([0, '']);
    expect(engine.containerIds()).toEqual([]);
  });
});

describe('limits docker refuses', () => {
  it('refuses -m under 6 MiB and --cpus above the host\'s CPUs, creating nothing', () => {
    const tiny = engine.flotilla(['container', 'run', '--rm', '-m', '1k', 'busybox', 'true']);
    expect([tiny.status, tiny.stderr]).toEqual([125, 'error: invalid --memory "1024": the minimum allowed is 6 MiB (6291456 bytes)\n']);
    const cpus = 1000;
    const many = engine.flotilla(['container', 'create', '--cpus', String(cpus), 'busybox', 'true']);
    expect(many.status).toBe(125);
    expect(many.stderr).toMatch(/^error: invalid --cpus "1000": the range is from 0\.01 to \d+\.00, as there are only \d+ CPUs available\n$/);
    expect(engine.containerIds()).toEqual([]);
  });
});

describe('failures before the process starts', () => {
  it('exit 125 as docker does: an unknown image, a name in use', () => {
    const unknown = engine.flotilla(['container', 'run', '--rm', 'no-such-image:1', 'true']);
    expect(unknown.status).toBe(125);
    engine.ok(['container', 'create', '--name', 'taken', 'busybox', 'true']);
    for (const verb of ['create', 'run']) {
      const clash = engine.flotilla(['container', verb, '--name', 'taken', 'busybox', 'true']);
      expect([verb, clash.status]).toEqual([verb, 125]);
      expect(clash.stderr).toMatch(/^error: the container name "\/taken" is already in use/);
    }
  });

  it('a port in use is refused with 125 and leaves no container behind, attached or detached', async () => {
    const { server, port } = await listening();
    try {
      for (const mode of [[], ['-d']]) {
        const run = engine.flotilla(['container', 'run', ...mode, '-p', `${port}:80`, 'busybox', 'true']);
        expect([mode.join(''), run.status]).toEqual([mode.join(''), 125]);
        expect(run.stderr).toContain(`${port}/tcp`);
        expect(engine.containerIds()).toEqual([]);
      }
      engine.ok(['container', 'create', '--name', 'later', '-p', `${port}:80`, 'busybox', 'true']);
      const start = engine.flotilla(['container', 'start', 'later']);
      expect(start.status).toBe(125);
      expect(stateOf('later').Status).toBe('created');
    } finally {
      server.close();
    }
  });

  it('a truncated image archive is refused with a message about the archive', () => {
    const whole = readFileSync((buildBusybox as () => string)());
    const cut = join(engine.root, '..', 'cut.tar');
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const load = engine.flotilla(['image', 'load', '-i', cut]);
    expect(load.status).toBe(1);
    expect(load.stderr).not.toContain('unexpected failure');
    expect(load.stderr).toMatch(/^error: .*(truncated|ends early)/);
  });
});

