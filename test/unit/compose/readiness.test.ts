// How a stack's waits are run and reported, with strategies and an engine
// made for the test: no container is involved.
import { describe, expect, it } from 'vitest';
import type { ContainerView, Engine, LogEntry } from '../../../engine/engine.js';
import { ContainerNotReadyError, WaitStrategyError } from '../../../errors.js';
import { awaitReadiness } from '../../../compose/stack-readiness.js';
import { Wait } from '../../../compose/wait/index.js';
import { LogMessageWait } from '../../../compose/wait/log-message.js';
import { retryUntilReady, type WaitStrategy, type WaitTarget } from '../../../compose/wait/strategy.js';

/** The two engine calls these paths make: a container's state and its last log lines. */
function fakeEngine(state: { status: string; exitCode: number } = { status: 'running', exitCode: 0 }, logs: string[] = []): Engine {
  return {
    find: () => ({ state }) as unknown as ContainerView,
    readLogs: (_id: string, filter: { tail?: number }) => logs.slice(-(filter.tail ?? logs.length)).map((log): LogEntry => ({ stream: 'stdout', log: `${log}\n`, time: '' })),
  } as unknown as Engine;
}

/** A strategy that notes `seen`, then fails, succeeds or waits for the abort. */
function scripted(description: string, outcome: 'ready' | 'fail' | 'hang', seen = 'nothing'): WaitStrategy & { aborted: boolean } {
  const strategy = {
    description,
    aborted: false,
    async waitUntilReady(target: WaitTarget) {
      target.observe(seen);
      if (outcome === 'ready') return;
      if (outcome === 'fail') throw new ContainerNotReadyError(`${description} failed`);
      await new Promise((_, reject) => target.signal.addEventListener('abort', () => {
        strategy.aborted = true;
        reject(target.signal.reason);
      }));
    },
  };
  return strategy;
}

const container = (key: string, strategy: WaitStrategy) => ({ id: `id-${key}`, name: `p-${key}`, key, strategy });

describe('awaitReadiness', () => {
  it('resolves once every container is ready', async () => {
    await expect(awaitReadiness(fakeEngine(), [container('a-1', scripted('a', 'ready')), container('b-1', scripted('b', 'ready'))], { timeoutMs: 1000 })).resolves.toBeUndefined();
  });

  it('reports the container that failed, its strategy, its reason and its last log lines', async () => {
    const hanging = scripted('slow', 'hang');
    const failure = await awaitReadiness(fakeEngine(undefined, ['booting', 'config missing']), [container('db-1', scripted('probe', 'fail')), container('web-1', hanging)], { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WaitStrategyError);
    expect(failure).toMatchObject({ container: 'db-1', strategy: 'probe', reason: 'probe failed', logs: ['booting', 'config missing'], code: 'FLOTILLA_STACK_WAIT_FAILED' });
    expect((failure as Error).message).toBe('container db-1 did not become ready (probe): probe failed');
    // The other wait was stopped rather than left to run until its own timeout.
    expect(hanging.aborted).toBe(true);
  });

  it('on a timeout, says what the strategy saw last', async () => {
    const failure = await awaitReadiness(fakeEngine(), [container('web-1', scripted('HTTP', 'hang', 'it answered 503'))], { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ container: 'web-1', reason: 'not ready within 0.05s; last seen: it answered 503' });
  });
});

describe('Wait.forAll', () => {
  it('is ready when all are, and names each part in its description', async () => {
    const all = Wait.forAll(scripted('one', 'ready'), scripted('two', 'ready'));
    expect(all.description).toBe('one and two');
    await expect(awaitReadiness(fakeEngine(), [container('x-1', all)], { timeoutMs: 1000 })).resolves.toBeUndefined();
  });

  it('fails with the failing part\'s reason and stops the others', async () => {
    const hanging = scripted('ports', 'hang');
    const failure = await awaitReadiness(fakeEngine(), [container('x-1', Wait.forAll(hanging, scripted('health', 'fail')))], { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ container: 'x-1', reason: 'health failed' });
    expect(hanging.aborted).toBe(true);
  });

  it('on a timeout, names the parts still waiting and what they saw', async () => {
    const failure = await awaitReadiness(fakeEngine(), [container('x-1', Wait.forAll(scripted('ports', 'ready', 'open'), scripted('log', 'hang', 'seen 1 of 2')))], { timeoutMs: 50 }).catch((e: unknown) => e);
    expect(failure).toMatchObject({ reason: 'not ready within 0.05s; last seen: log: seen 1 of 2' });
  });
});

describe('retryUntilReady', () => {
  const target = (engine: Engine, signal = new AbortController().signal, seen: string[] = []): WaitTarget => ({ engine, id: 'id', name: 'p-web-1', signal, observe: (what) => seen.push(what) });

  it('retries until the attempt says ready, noting what each attempt saw', async () => {
    const seen: string[] = [];
    let attempts = 0;
    await retryUntilReady(target(fakeEngine(), undefined, seen), async () => (++attempts < 3 ? `attempt ${attempts}` : undefined));
    expect(seen).toEqual(['attempt 1', 'attempt 2']);
  });

  it('stops as soon as the container has exited', async () => {
    const attempt = retryUntilReady(target(fakeEngine({ status: 'exited', exitCode: 3 })), async () => 'closed');
    await expect(attempt).rejects.toThrow(new ContainerNotReadyError('the container exited with code 3'));
  });
});

describe('Wait.forLogMessage', () => {
  it('counts a line that says a text or matches a pattern, a /g pattern included', () => {
    expect(new LogMessageWait('ready', 1).matches('server ready\n')).toBe(true);
    expect(new LogMessageWait('ready', 1).matches('starting\n')).toBe(false);
    const global = new LogMessageWait(/listening on \d+/g, 2);
    expect([global.matches('listening on 80\n'), global.matches('listening on 80\n')]).toEqual([true, true]);
  });

  it('describes what it waits for, and refuses a count below one', () => {
    expect(Wait.forLogMessage(/up/, 2).description).toBe('log says /up/ 2 times');
    expect(() => Wait.forLogMessage('up', 0)).toThrow(RangeError);
  });
});
