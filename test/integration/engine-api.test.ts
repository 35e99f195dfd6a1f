// The engine API as a library caller uses it: its own streams for a
// container's output and input, networks joined through the API, and the
// same checks a `container run` gets.
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { Engine } from '../../engine/engine.js';
import { ContainerConfigError } from '../../errors.js';
import { sharedTestEngine } from '../helpers/engine.js';

const test = sharedTestEngine();

/** A stream that keeps what is written to it. */
function sink(): PassThrough & { text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new PassThrough();
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return Object.assign(stream, { text: () => Buffer.concat(chunks).toString('utf8') });
}

describe('the engine API', () => {
  it('copies an attached container\'s output to the caller\'s streams and hands it the caller\'s stdin', async () => {
    const engine = new Engine({ root: test.root });
    const { id } = await engine.create({ image: 'busybox', cmd: ['sh', '-c', 'read line; echo "out $line"; echo err >&2; exit 3'], openStdin: true });
    const [stdout, stderr] = [sink(), sink()];
    const code = await engine.startAttached(id, { stdout, stderr, stdin: Readable.from(['typed\n']) });
    expect([code, stdout.text(), stderr.text()]).toEqual([3, 'out typed\n', 'err\n']);
    // Attached and not --rm: the container stays, exited.
    expect(engine.inspect(id).state.status).toBe('exited');
  });

  it('runs an exec with the caller\'s streams', async () => {
    const engine = new Engine({ root: test.root });
    const { id } = await engine.create({ image: 'busybox', cmd: ['sleep', '30'] });
    await engine.start(id);
    const [stdout, stderr] = [sink(), sink()];
    const code = await engine.exec(id, { cmd: ['sh', '-c', 'cat; echo done; echo oops >&2; exit 5'], interactive: true, stdin: Readable.from(['in\n']), stdout, stderr });
    expect([code, stdout.text(), stderr.text()]).toEqual([5, 'in\ndone\n', 'oops\n']);
    await engine.stop(id, { timeout: 0 });
  });

  it('attaches to a running container\'s output until it ends', async () => {
    const engine = new Engine({ root: test.root });
    const { id } = await engine.create({ image: 'busybox', cmd: ['sh', '-c', 'sleep 0.5; echo late; exit 4'] });
    await engine.start(id);
    const stdout = sink();
    expect(await engine.attach(id, { stdout })).toBe(4);
    expect(stdout.text()).toBe('late\n');
    await expect(engine.attach(id, { stdout })).rejects.toThrow(/cannot attach to container .*: it is exited/);
  });

  it('connects and disconnects a container through the API', async () => {
    const engine = new Engine({ root: test.root });
    await engine.createNetwork('api-net', { subnet: '10.231.7.0/24' });
    const { id } = await engine.create({ image: 'busybox', cmd: ['sleep', '30'], networkMode: 'bridge' });
    await engine.start(id);
    await engine.connect('api-net', id, { aliases: ['worker'], ipv4Address: '10.231.7.9' });
    const addresses = sink();
    await engine.exec(id, { cmd: ['ip', '-4', '-o', 'addr'], stdout: addresses });
    expect(addresses.text()).toContain('10.231.7.9/24');
    expect(engine.inspect(id).record.config.networks?.map((n) => n.network)).toEqual(['bridge', 'api-net']);
    await expect(engine.connect('api-net', id)).rejects.toThrow(/already connected to network api-net/);
    await engine.disconnect('api-net', id);
    expect(engine.inspect(id).record.config.networks?.map((n) => n.network)).toEqual(['bridge']);
    await expect(engine.disconnect('api-net', id)).rejects.toThrow(/is not connected to network api-net/);
    await engine.disconnect('api-net', id, { force: true });
    await engine.remove(id, { force: true });
    await engine.removeNetwork('api-net');
  });

  it('holds a library caller\'s config to the rules a container run has, before anything is made', async () => {
    const engine = new Engine({ root: test.root });
    const before = engine.list().length;
    const refused = engine.create({ image: 'busybox', cmd: ['true'], autoRemove: true, restart: { name: 'always' } });
    await expect(refused).rejects.toBeInstanceOf(ContainerConfigError);
    await expect(refused).rejects.toThrow('conflicting options: restart and autoRemove');
    expect(engine.list().length).toBe(before);
  });
});
