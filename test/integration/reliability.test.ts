// Faults a careless user or a hostile host causes: a killed supervisor,
// limits the kernel cannot honour, failures before a container's process
// runs, and their exit statuses. Each test ends with the leak check.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { eventually } from '../helpers/eventually.js';
import { sharedTestEngine } from '../helpers/engine.js';
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

function listening(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '0.0.0.0', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

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

