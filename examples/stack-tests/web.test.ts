// A test suite that starts the stack next to it for each test, the way a
// project tests its services against real containers: ComposeStack brings
// it up and waits, `await using` takes it down when the test ends.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ComposeStack, Wait, WaitStrategyError } from 'flotilla';

const composeFile = fileURLToPath(new URL('compose.yaml', import.meta.url));

function stack() {
  return new ComposeStack(composeFile)
    .withWaitStrategy('web', Wait.forHttp('/', 80))
    .withWaitStrategy('worker-1', Wait.forLogMessage('worker ready'));
}

describe('the web stack', () => {
  it('serves the greeting it is given on its published port', async () => {
    await using started = await stack().withEnvironment({ GREETING: 'hi from a test' }).up();
    const web = started.getContainer('web-1');
    const response = await fetch(`http://${web.getHost()}:${web.getMappedPort(80)}/`);
    expect(await response.text()).toBe('hi from a test\n');
  });

  it('lets the worker reach the web server over the backend network', async () => {
    await using started = await stack().up();
    const address = started.getContainer('web-1').getIpAddress('backend');
    const { stdout, exitCode } = await started.getContainer('worker-1').exec(['wget', '-q', '-O', '-', `http://${address}/`]);
    expect({ stdout, exitCode }).toEqual({ stdout: 'hello\n', exitCode: 0 });
  });

  it('reports which container was not ready, and why', async () => {
    const failure = await stack().withWaitStrategy('web', Wait.forHttp('/missing', 80)).withStartupTimeout(2000).up().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WaitStrategyError);
    expect((failure as WaitStrategyError).container).toBe('web-1');
    expect((failure as WaitStrategyError).reason).toMatch(/\/missing answered 404/);
  });
});
