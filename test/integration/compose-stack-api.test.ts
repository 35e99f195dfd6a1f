// The TypeScript API as a test suite uses it: a ComposeStack brought up on
// real containers, its wait strategies, the started stack's containers, two
// stacks of one file side by side, and what a failed wait reports.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { describe, expect, it } from 'vitest';
import { ComposeStack, Engine, Wait, WaitStrategyError, ComposeLabel } from '../../index.js';
import { sharedTestEngine } from '../helpers/engine.js';
import { repoRoot } from '../helpers/scenario.js';

const test = sharedTestEngine();
const fixture = (name: string) => join(repoRoot, 'fixtures/stack-api', name, 'compose.yaml');
// No upstream resolvers, as for the CLI the test engine runs: lookups never leave the machine.
const engine = () => new Engine({ root: test.root, env: { ...process.env, FLOTILLA_DNS_UPSTREAMS: '' } });
const webStack = () => new ComposeStack(fixture('web')).withEngine(engine());

async function get(url: string): Promise<{ status: number; body: string }> {
  const response = await fetch(url);
  return { status: response.status, body: await response.text() };
}

describe('ComposeStack', () => {
  it('brings a stack up with a wait per container and service, and answers on its published port', async () => {
    await using stack = await webStack()
      .withEnvironment({ GREETING: 'from-the-test' })
      .withWaitStrategy('web-1', Wait.forHttp('/health', 80))
      .withWaitStrategy('worker', Wait.forLogMessage('worker ready', 2))
      .withWaitStrategy('db', Wait.forAll(Wait.forHealthCheck(), Wait.forSuccessfulCommand(['test', '-f', '/tmp/ready'])))
      .up();
    const web = stack.getContainer('web-1');
    expect(await get(`http://${web.getHost()}:${web.getMappedPort(80)}/health`)).toEqual({ status: 200, body: 'from-the-test\n' });
    expect(web.getFirstMappedPort()).toBe(web.getMappedPort(80));
    expect(web.getName()).toBe(`${stack.name}-web-1`);
    expect(stack.getContainer('web').getId()).toBe(web.getId());
    expect(test.ok(['container', 'inspect', '-f', '{{.State.Health.Status}}', stack.getContainer('db-1').getName()])).toBe('healthy\n');
    expect(stack.getContainers().map((c) => c.getServiceName())).toEqual(['db', 'web', 'worker']);
  });

  it('gives each container its addresses, commands run in it, and its output as a stream', async () => {
    // Without ports or a healthcheck the worker is ready once it runs: its log says when it has written both lines.
    await using stack = await webStack().withWaitStrategy('worker', Wait.forLogMessage('worker ready', 2)).up();
    const [web, worker] = [stack.getContainer('web-1'), stack.getContainer('worker-1')];
    // The compose key and the host's name of a network say the same.
    expect(web.getIpAddress('backend')).toBe(web.getIpAddress(`${stack.name}_backend`));
    const fetched = await worker.exec(['wget', '-q', '-O', '-', `http://${web.getIpAddress('backend')}/health`]);
    expect(fetched).toMatchObject({ exitCode: 0, stdout: 'hello\n' });
    const failed = await web.exec('echo out; echo err >&2; exit 4');
    expect(failed).toEqual({ output: 'out\nerr\n', stdout: 'out\n', stderr: 'err\n', exitCode: 4 });
    expect(() => worker.getIpAddress('default')).toThrow(/container worker-1: it is not on network default/);
    expect(() => web.getMappedPort(443)).toThrow(/port 443\/tcp is not published/);
    expect(await text(worker.logs({ follow: false }))).toBe('worker ready\nworker ready\n');
    const followed = worker.logs();
    await worker.stop({ timeout: 0 });
    // A followed stream ends with the container.
    expect(await text(followed)).toBe('worker ready\nworker ready\n');
  });

  it('restarts one container, waits until it is ready again, and reads its published port again', async () => {
    await using stack = await webStack().withServices('web').withWaitStrategy('web', Wait.forHttp('/health', 80)).up();
    const web = stack.getContainer('web-1');
    const startedAt = test.ok(['container', 'inspect', '-f', '{{.State.StartedAt}}', web.getName()]);
    await web.restart({ timeout: 0 });
    expect(test.ok(['container', 'inspect', '-f', '{{.State.StartedAt}}', web.getName()])).not.toBe(startedAt);
    expect((await get(`http://${web.getHost()}:${web.getMappedPort(80)}/health`)).status).toBe(200);
    // Only the named service and what it needs were started.
    expect(stack.getContainers().map((c) => c.getServiceName())).toEqual(['web']);
  });

  it('runs a profile\'s one-shot and waits for it to complete', async () => {
    await using stack = await webStack().withProfiles('setup').withServices('seed').withWaitStrategy('seed', Wait.forOneShotStartup()).up();
    expect(test.ok(['container', 'inspect', '-f', '{{.State.Status}} {{.State.ExitCode}}', stack.getContainer('seed-1').getName()])).toBe('exited 0\n');
  });

  it('runs two stacks of one file side by side, each under its own name and ports, and takes each down', async () => {
    const [one, two] = await Promise.all([webStack().withServices('web').up(), webStack().withServices('web').up()]);
    try {
      expect(one.name).not.toBe(two.name);
      const ports = [one, two].map((s) => s.getContainer('web-1').getMappedPort(80));
      expect(ports[0]).not.toBe(ports[1]);
      for (const port of ports) expect((await get(`http://127.0.0.1:${port}/health`)).status).toBe(200);
    } finally {
      await Promise.all([one.down(), two.down()]);
    }
    const e = engine();
    expect(e.list({ labels: { [ComposeLabel.project]: one.name } })).toEqual([]);
    expect(e.list({ labels: { [ComposeLabel.project]: two.name } })).toEqual([]);
    expect((await e.listNetworks()).map((n) => n.name).filter((n) => n.startsWith(one.name) || n.startsWith(two.name))).toEqual([]);
  });
});

describe('a failing wait', () => {
  const notReady = () => new ComposeStack(fixture('not-ready')).withEngine(engine()).withStartupTimeout(1500);
  const failureOf = (stack: ComposeStack) => stack.up().then(() => { throw new Error('up succeeded'); }, (err: unknown) => err as WaitStrategyError);

  it('names the container, the strategy and what it saw last when the timeout ends it, and takes the stack down', async () => {
    const failure = await failureOf(notReady().withServices('api').withProjectName('not-ready-api'));
    expect(failure).toBeInstanceOf(WaitStrategyError);
    expect(failure.message).toBe('container api-1 did not become ready (healthcheck, or else its exposed ports): not ready within 1.5s; last seen: nothing listens on 8080/tcp in the container');
    expect(failure.container).toBe('api-1');
    expect(engine().list({ labels: { [ComposeLabel.project]: 'not-ready-api' } })).toEqual([]);
  });

  it('says a container exited, with its code and its last words', async () => {
    const failure = await failureOf(notReady().withServices('crash').withWaitStrategy('crash', Wait.forLogMessage('listening')));
    expect(failure).toMatchObject({ container: 'crash-1', reason: 'the container exited with code 3 after saying it 0 of 1 times', logs: ['config file missing'] });
  });

  it('says a healthcheck failed, with its probe\'s exit code', async () => {
    const failure = await failureOf(notReady().withServices('sick').withStartupTimeout(20_000));
    expect(failure).toMatchObject({ container: 'sick-1', strategy: 'healthcheck, or else its exposed ports' });
    expect(failure.reason).toMatch(/^container not-ready-\w+-sick-1 is unhealthy; last probe exited 1/);
  });

  it('refuses a wait for a container the file does not have, before anything starts', async () => {
    await expect(webStack().withWaitStrategy('wbe', Wait.forListeningPorts()).up()).rejects.toThrow('withWaitStrategy: project');
  });
});

describe('an owner that dies', () => {
  it('leaves nothing that the next stack does not take down', async () => {
    const name = 'abandoned-stack';
    // A process that brings a stack up and is killed before its teardown could run.
    const script = `
      const { ComposeStack, Engine } = await import(${JSON.stringify(join(repoRoot, 'dist/index.js'))});
      const engine = new Engine({ root: ${JSON.stringify(test.root)}, env: { ...process.env, FLOTILLA_DNS_UPSTREAMS: '' } });
      await new ComposeStack(${JSON.stringify(fixture('web'))}).withServices('worker').withProjectName('${name}').withEngine(engine).up();
      process.stdout.write('up\\n');
      setInterval(() => {}, 60_000);`;
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('up') && resolve());
      child.once('exit', (code) => reject(new Error(`the owner exited (${code}) before its stack was up`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    expect(engine().list({ labels: { [ComposeLabel.project]: name } }).length).toBe(1);
    // Any next stack takes the abandoned one down before it starts.
    await using next = await webStack().withServices('worker').up();
    expect(engine().list({ labels: { [ComposeLabel.project]: name } })).toEqual([]);
    expect(next.getContainer('worker-1').getName()).toBe(`${next.name}-worker-1`);
  }, 60_000);
});
