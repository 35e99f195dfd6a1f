// The README's example stack, end to end, in a private state root: its
// images built from Debian packages and loaded, `up -d --wait`, a page
// fetched through nginx's published port, the visit counted in redis and
// kept in its named volume across `down` and `up`, then `down -v` leaving
// nothing behind. The published port is a free one, so a stack started by
// `npm run example` (port 8080, the default root) is never in the way.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngine, type TestEngine } from '../helpers/engine.js';
import { eventually } from '../helpers/eventually.js';
import { repoRoot } from '../helpers/scenario.js';

const isRoot = process.getuid?.() === 0;
const skipped = !isRoot ? 'needs root' : undefined;

/** A TCP port nothing listens on right now, from the kernel's ephemeral range. */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

// Without an agent, so no connection is kept from one visit to the next:
// one kept across `down` and `up` would lead to a container that is gone.
function get(url: string): Promise<{ status: number | undefined; server: string; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { agent: false, timeout: 5000 }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (body += chunk));
      response.on('end', () => resolve({ status: response.statusCode, server: String(response.headers.server), body }));
      response.on('error', reject);
    });
    request.on('timeout', () => request.destroy(new Error(`${url}: no answer within 5 s`)));
    request.on('error', reject);
  });
}

/** A turn of the event loop: the CLI runs synchronously, and vitest's messages must get through between its runs. */
const tick = () => new Promise((resolve) => setImmediate(resolve));

/** The example's image archives, built (or found cached) by the recipe script in a child process. */
async function buildInChild(): Promise<string[]> {
  const { execFile } = await import('node:child_process');
  const { promisify } = await import('node:util');
  const script = join(repoRoot, 'examples/images/build-example-images.mjs');
  const { stdout } = await promisify(execFile)(process.execPath, [script], { maxBuffer: 1 << 20 });
  return stdout.split('\n').filter(Boolean);
}

describe.skipIf(skipped !== undefined)(`examples/devstack${skipped ? ` (skipped: ${skipped})` : ''}`, () => {
  let engine: TestEngine;
  let scratch: string;
  let composeFile: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    engine = testEngine();
    // Built by a child process: on a fresh machine the downloads take a while,
    // and this worker must keep answering vitest meanwhile.
    const archives = await buildInChild();
    for (const archive of archives) {
      engine.ok(['image', 'load', '-q', '-i', archive]);
      await tick();
    }
    // A copy, so the project is never written to; the folder's name is the project's.
    scratch = mkdtempSync(join(tmpdir(), 'flotilla-example-'));
    cpSync(join(repoRoot, 'examples/devstack'), join(scratch, 'devstack'), { recursive: true });
    composeFile = join(scratch, 'devstack/compose.yaml');
    env = { WEB_PORT: String(await freePort()) };
  }, 300_000);

  afterAll(() => {
    if (!engine) return;
    try {
      engine.flotilla(['-f', composeFile, 'down', '-v']);
      engine.removeContainers();
    } finally {
      engine.dispose();
      rmSync(scratch, { recursive: true, force: true });
    }
  }, 120_000);

  const compose = (...args: string[]) => engine.flotilla(['-f', composeFile, ...args], { env, timeout: 120_000 });
  const composeOk = (...args: string[]) => {
    const result = compose(...args);
    if (result.status !== 0) throw new Error(`flotilla ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
    return result.stdout;
  };

  /** The page nginx serves on the published port (on a new connection each time), and the visit count it shows. */
  async function visit(): Promise<number> {
    const { status, server, body } = await get(`http://127.0.0.1:${env.WEB_PORT}/`);
    expect(status, body).toBe(200);
    expect(server).toMatch(/^nginx/);
    const count = /Visits so far: (\d+)/.exec(body);
    expect(count, body).not.toBeNull();
    return Number(count![1]);
  }

  const visitsInRedis = () => Number(engine.ok(['container', 'exec', 'devstack-redis-1', 'redis-cli', 'GET', 'visits']).trim());

  it('answers through nginx, counts visits in redis, keeps them in the volume across down and up, and down -v leaves nothing', async () => {
    composeOk('up', '-d', '--wait');
    const running = engine.ok(['container', 'ls', '--format', '{{.Names}} {{.Status}}']);
    expect(running).toMatch(/devstack-redis-1 Up .*\(healthy\)/);
    expect(running).toMatch(/devstack-web-1 Up .*\(healthy\)/);

    const first = await visit();
    expect(visitsInRedis()).toBe(first);
    const second = await visit();
    expect(second).toBe(first + 1);
    expect(visitsInRedis()).toBe(second);

    // down keeps named volumes: the count goes on where it was.
    composeOk('down');
    expect(engine.containerIds()).toEqual([]);
    await tick();
    composeOk('up', '-d', '--wait');
    expect(await visit()).toBe(second + 1);

    await tick();
    composeOk('down', '-v');
    expect(engine.containerIds()).toEqual([]);
    expect(engine.ok(['volume', 'ls', '-q']).split('\n')).not.toContain('devstack_redis-data');
    expect(engine.ok(['network', 'ls', '--format', '{{.Name}}']).split('\n').filter((n) => n.startsWith('devstack_'))).toEqual([]);
    // The kernel drops a namespace's veths a moment after the command returns.
    await eventually(() => expect([...engine.leftovers(), ...engine.networkLeftovers()]).toEqual([]), 5000);
  }, 120_000);
});
