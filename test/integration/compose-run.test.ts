// `run` on real containers (fixtures/lifecycle/verbs-run): dependencies
// first and their conditions met, a one-off named and labelled as docker
// compose does, the flags applied, and a dependency that fails ending the
// run with its error.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { composeStack, type Stack } from '../helpers/compose-stack.js';
import { sharedTestEngine } from '../helpers/engine.js';

const engine = sharedTestEngine();
let s: Stack;

beforeEach(() => {
  s = composeStack(engine, 'verbs-run');
});

afterEach(async () => {
  s.dispose();
  // The CLI runs synchronously: let the worker answer vitest's messages between tests.
  await new Promise((resolve) => setImmediate(resolve));
});

const containers = () => engine.ok(['container', 'ls', '-a', '--format', '{{.Names}}']).trim().split('\n').filter(Boolean).sort();

describe('run', () => {
  it('starts the dependencies, waits until db is healthy, then runs the one-off with its exit code', () => {
    const result = s.run(['run', '-d', 'app', 'sleep', '30']);
    expect(result.status).toBe(0);
    const id = result.stdout.trim();
    const oneOff = s.inspect(id);
    const db = s.inspect('verbs-run-db-1');
    // db is healthy only after the first passing probe (which starts a second after db does); the one-off starts after that.
    const passingProbe = Date.parse((db['State'].Health.Log as { ExitCode: number; Start: string }[]).find((p) => p.ExitCode === 0)!.Start);
    expect(Date.parse(oneOff['State'].StartedAt)).toBeGreaterThan(passingProbe);
    expect(oneOff['Name']).toMatch(/^\/verbs-run-app-run-[0-9a-f]{12}$/);
    expect(oneOff['Config'].Labels).toMatchObject({ 'com.docker.compose.oneoff': 'True', 'com.docker.compose.service': 'app', 'from.file': 'yes' });
    // A one-off never restarts, whatever the service says.
    expect(oneOff['HostConfig'].RestartPolicy.Name).toBe('no');
    const attached = s.run(['run', '-T', 'app', 'sh', '-c', 'echo $FROM_FILE; exit 7']);
    expect(attached).toMatchObject({ status: 7, stdout: 'yes\n' });
  });

  it('takes -e, -l, -u, -w, -v, --name, --entrypoint and --cap-drop', () => {
    const id = s.ok(['run', '-d', '--name', 'custom-one', '-e', 'OVERRIDDEN=cli', '-e', 'FROM_SHELL', '-l', 'extra=1', '-u', '1000', '-w', '/tmp', '-v', './:/mnt/project:ro', '--cap-drop', 'CHOWN', '--entrypoint', 'sleep', 'app', '30'], { FROM_SHELL: 'shell' }).trim();
    const c = s.inspect(id);
    expect(c['Name']).toBe('/custom-one');
    expect(c['Config']).toMatchObject({ User: '1000', WorkingDir: '/tmp', Entrypoint: ['sleep'], Cmd: ['30'] });
    expect(c['Config'].Env).toEqual(expect.arrayContaining(['FROM_FILE=yes', 'OVERRIDDEN=cli', 'FROM_SHELL=shell']));
    expect(c['Config'].Labels['extra']).toBe('1');
    expect(c['HostConfig'].CapDrop).toEqual(['CHOWN']);
    expect(engine.ok(['container', 'exec', 'custom-one', 'head', '-n', '1', '/mnt/project/compose.yaml'])).toMatch(/^# For `run`/);
  });

  it('--rm removes the one-off once it has ended; --no-deps starts nothing else', () => {
    expect(s.run(['run', '--rm', '--no-deps', '-T', 'app', 'true']).status).toBe(0);
    expect(containers()).toEqual([]);
  });

  it('publishes no port and gives no alias unless -P, -p or --use-aliases', () => {
    const plain = s.inspect(s.ok(['run', '-d', 'app', 'sleep', '30']).trim());
    expect(plain['NetworkSettings'].Ports).toEqual({});
    expect(plain['NetworkSettings'].Networks['verbs-run_default'].Aliases ?? []).toEqual([]);
    const withPorts = s.ok(['run', '-d', '-P', '--use-aliases', 'app', 'sleep', '30']).trim();
    expect(engine.ok(['container', 'port', withPorts])).toMatch(/^8080\/tcp -> 0\.0\.0\.0:\d+\n$/);
    expect(s.inspect(withPorts)['NetworkSettings'].Networks['verbs-run_default'].Aliases).toEqual(['app']);
    const published = s.ok(['run', '-d', '-p', '127.0.0.1::9000', 'app', 'sleep', '30']).trim();
    expect(engine.ok(['container', 'port', published])).toMatch(/^9000\/tcp -> 127\.0\.0\.1:\d+\n$/);
  });

  it('ends with the error of a dependency that fails, and makes no one-off', () => {
    const result = s.run(['run', '-T', 'gate'], { timeout: 30_000 });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("container verbs-run-broken-1 didn't complete successfully: exit 3");
    expect(containers()).toEqual(['verbs-run-broken-1']);
  });

  it('an unknown service is an error', () => {
    const result = s.run(['run', 'nope']);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('no such service: nope');
  });
});
