// The registry client against a real registry on 127.0.0.1 (docker-registry),
// seeded with the test images by skopeo: anonymous pull, the Bearer token
// flow through a proxy with its own token server, Basic auth with login and
// logout, a multi-platform index, a corrupted blob, a download cut short,
// push then pull back, search, and the compose side (`pull`, `up --pull`).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain ESM script without type declarations
import { buildBusybox, buildMiniHttpd } from '../../fixtures/images/build-test-images.mjs';
import { sharedTestEngine } from '../helpers/engine.js';
import { digestOf, startProxy, startRegistry, type TestProxy, type TestRegistry } from '../helpers/registry.js';
import { cliPath, repoRoot } from '../helpers/scenario.js';

const engine = sharedTestEngine();
let registry: TestRegistry;
const scratch = mkdtempSync(join(tmpdir(), 'flotilla-registry-test-'));
let busyboxId: string;

/** The CLI on a state root of its own (nothing loaded), with a docker config folder of its own. */
function freshRoot(name: string) {
  const root = join(scratch, name);
  const env = { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', FLOTILLA_ROOT: join(root, 'state'), DOCKER_CONFIG: join(root, 'docker'), HOME: root };
  const run = (args: readonly string[], input?: string) => spawnSync(cliPath, args, { env, encoding: 'utf8', timeout: 120_000, ...(input !== undefined && { input }) });
  const ok = (args: readonly string[], input?: string) => {
    const result = run(args, input);
    if (result.status !== 0) throw new Error(`flotilla ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
    return result.stdout;
  };
  // The proxy answers in this process: a CLI talking to it must not block the event loop.
  const runAsync = (args: readonly string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = spawn(cliPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('close', (status) => resolve({ status, stdout, stderr }));
    });
  const okAsync = async (args: readonly string[]) => {
    const result = await runAsync(args);
    if (result.status !== 0) throw new Error(`flotilla ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
    return result.stdout;
  };
  const imageId = (ref: string) => (JSON.parse(ok(['image', 'inspect', ref])) as { Id: string }[])[0]!.Id;
  const blobs = () => (existsSync(join(env.FLOTILLA_ROOT, 'blobs/sha256')) ? readdirSync(join(env.FLOTILLA_ROOT, 'blobs/sha256')) : []);
  return { root, env, run, ok, runAsync, okAsync, imageId, blobs };
}

async function registryGet(host: string, path: string, accept: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    request(`http://${host}${path}`, { headers: { accept } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c)).on('end', () => resolve(Buffer.concat(chunks)));
    }).on('error', reject).end();
  });
}

async function registryPut(host: string, path: string, type: string, body: Buffer): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`http://${host}${path}`, { method: 'PUT', headers: { 'content-type': type, 'content-length': body.length } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject).end(body);
  });
}

const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

beforeAll(async () => {
  registry = await startRegistry();
  registry.seed(buildBusybox(), 'test/busybox:1');
  registry.seed(buildMiniHttpd(), 'test/mini-httpd:1');
  busyboxId = (JSON.parse(engine.ok(['image', 'inspect', 'busybox'])) as { Id: string }[])[0]!.Id;
}, 120_000);

afterAll(async () => {
  await registry?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

describe('image pull', () => {
  it('pulls an image anonymously into an empty store, as the same image, and a second pull downloads nothing', () => {
    const cli = freshRoot('anonymous');
    const out = cli.ok(['image', 'pull', `${registry.host}/test/busybox:1`]);
    expect(out).toMatch(/^Digest: sha256:[a-f0-9]{64}\nStatus: Downloaded newer image for 127\.0\.0\.1:\d+\/test\/busybox:1\n127\.0\.0\.1:\d+\/test\/busybox:1\n$/);
    expect(cli.imageId(`${registry.host}/test/busybox:1`)).toBe(busyboxId);
    const again = cli.ok(['image', 'pull', `${registry.host}/test/busybox:1`]);
    expect(again).toContain('Status: Image is up to date');
    expect(cli.ok(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])).toBe(`${registry.host}/test/busybox:1\n`);
  });

  it('runs a container from a pulled image; layers already stored count as present', () => {
    const result = engine.flotilla(['image', 'pull', `${registry.host}/test/mini-httpd:1`]);
    expect(result.status).toBe(0);
    // mini-httpd's first layer is busybox's, which the test engine loaded.
    expect(result.stderr).toMatch(/Already exists/);
    expect(engine.ok(['container', 'run', '--rm', `${registry.host}/test/mini-httpd:1`, 'echo', 'from the registry'])).toBe('from the registry\n');
  });

  it('names a missing tag and stores nothing', () => {
    const cli = freshRoot('missing-tag');
    const result = cli.run(['image', 'pull', `${registry.host}/test/busybox:nope`]);
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/manifest test\/busybox:nope on 127\.0\.0\.1:\d+: 404 MANIFEST_UNKNOWN/);
    expect(cli.blobs()).toEqual([]);
  });
});

describe('authentication', () => {
  let proxy: TestProxy;
  beforeAll(async () => {
    proxy = await startProxy(registry.host, { bearer: true });
  });
  afterAll(() => proxy?.stop());

  it('follows the Bearer challenge to the token server for an anonymous token scoped to the repository', async () => {
    proxy.behaviour = { bearer: true };
    proxy.tokenRequests.length = 0;
    const cli = freshRoot('bearer-anonymous');
    await cli.okAsync(['image', 'pull', '-q', `${proxy.host}/test/busybox:1`]);
    expect(cli.imageId(`${proxy.host}/test/busybox:1`)).toBe(busyboxId);
    expect(proxy.tokenRequests.map((r) => [r.scope, r.service, r.authorization])).toEqual([['repository:test/busybox:pull', 'flotilla-test', undefined]]);
  });

  it('sends the credentials of the docker config file to the token server, and reports refused ones', async () => {
    proxy.behaviour = { bearer: true, tokenUser: 'alice:secret' };
    const cli = freshRoot('bearer-credentials');
    const refused = await cli.runAsync(['image', 'pull', `${proxy.host}/test/busybox:1`]);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/authentication required.*flotilla login 127\.0\.0\.1/);
    writeDockerConfig(cli.env.DOCKER_CONFIG, proxy.host, 'alice:secret');
    proxy.tokenRequests.length = 0;
    await cli.okAsync(['image', 'pull', '-q', `${proxy.host}/test/busybox:1`]);
    expect(proxy.tokenRequests.map((r) => r.authorization)).toEqual([`Basic ${Buffer.from('alice:secret').toString('base64')}`]);
    writeDockerConfig(cli.env.DOCKER_CONFIG, proxy.host, 'alice:wrong');
    const wrong = await cli.runAsync(['image', 'pull', `${proxy.host}/test/busybox:1`]);
    expect(wrong.stderr).toMatch(/the credentials were refused/);
  });

  it('logs in to a registry with Basic auth, pulls, and logs out', async () => {
    const basic = await startRegistry({ users: { bob: 'hunter2' } });
    try {
      basic.seed(buildBusybox(), 'private/busybox:1');
      const cli = freshRoot('basic');
      const anonymous = cli.run(['image', 'pull', `${basic.host}/private/busybox:1`]);
      expect([anonymous.status, anonymous.stderr]).toEqual([1, expect.stringMatching(/authentication required/)]);
      expect(cli.run(['login', basic.host, '-u', 'bob', '-p', 'wrong']).stderr).toMatch(/the credentials were refused/);
      expect(existsSync(join(cli.env.DOCKER_CONFIG, 'config.json'))).toBe(false);
      expect(cli.ok(['login', basic.host, '-u', 'bob', '--password-stdin'], 'hunter2\n')).toBe('Login Succeeded\n');
      const config = JSON.parse(readFileSync(join(cli.env.DOCKER_CONFIG, 'config.json'), 'utf8')) as { auths: Record<string, { auth: string }> };
      expect(Buffer.from(config.auths[basic.host]!.auth, 'base64').toString()).toBe('bob:hunter2');
      cli.ok(['image', 'pull', '-q', `${basic.host}/private/busybox:1`]);
      expect(cli.imageId(`${basic.host}/private/busybox:1`)).toBe(busyboxId);
      expect(cli.ok(['logout', basic.host])).toBe(`Removing login credentials for ${basic.host}\n`);
      cli.ok(['image', 'rm', `${basic.host}/private/busybox:1`]);
      expect(cli.run(['image', 'pull', `${basic.host}/private/busybox:1`]).status).toBe(1);
    } finally {
      await basic.stop();
    }
  }, 60_000);
});

function writeDockerConfig(dir: string, host: string, userPassword: string): void {
  cpSync(writeTemp(JSON.stringify({ auths: { [host]: { auth: Buffer.from(userPassword).toString('base64') } } })), join(dir, 'config.json'));
}

function writeTemp(text: string): string {
  const file = join(mkdtempSync(join(scratch, 'config-')), 'config.json');
  writeFileSync(file, text);
  return file;
}

describe('multi-platform index', () => {
  it('picks the manifest of the platform asked for, this machine\'s by default', async () => {
    const manifests = await Promise.all(['busybox', 'mini-httpd'].map(async (name) => {
      const bytes = await registryGet(registry.host, `/v2/test/${name}/manifests/1`, OCI_MANIFEST);
      return { digest: digestOf(bytes), size: bytes.length, bytes };
    }));
    // An index's manifests live in its repository: both images go there by digest first.
    registry.seed(buildMiniHttpd(), 'test/multi:blobs');
    registry.seed(buildBusybox(), 'test/multi:blobs2');
    for (const m of manifests) expect(await registryPut(registry.host, `/v2/test/multi/manifests/${m.digest}`, OCI_MANIFEST, m.bytes)).toBe(201);
    const index = {
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.index.v1+json',
      manifests: [
        { mediaType: OCI_MANIFEST, digest: manifests[1]!.digest, size: manifests[1]!.size, platform: { os: 'linux', architecture: 'arm64', variant: 'v8' } },
        { mediaType: OCI_MANIFEST, digest: manifests[0]!.digest, size: manifests[0]!.size, platform: { os: 'linux', architecture: 'amd64' } },
      ],
    };
    const indexBytes = Buffer.from(JSON.stringify(index));
    expect(await registryPut(registry.host, '/v2/test/multi/manifests/latest', index.mediaType, indexBytes)).toBe(201);
    const cli = freshRoot('multi');
    const out = cli.ok(['image', 'pull', `${registry.host}/test/multi`]);
    expect(out).toContain(`Digest: ${digestOf(indexBytes)}`);
    expect(cli.imageId(`${registry.host}/test/multi`)).toBe(busyboxId);
    cli.ok(['image', 'pull', '-q', '--platform', 'linux/arm64', `${registry.host}/test/multi:latest`]);
    expect(cli.imageId(`${registry.host}/test/multi`)).not.toBe(busyboxId);
    const none = cli.run(['image', 'pull', '--platform', 'linux/s390x', `${registry.host}/test/multi`]);
    expect(none.stderr).toMatch(/has no image for linux\/s390x \(it has linux\/arm64\/v8, linux\/amd64\)/);
  });
});

describe('broken transfers', () => {
  let proxy: TestProxy;
  let layers: { digest: string; size: number }[];
  beforeAll(async () => {
    proxy = await startProxy(registry.host);
    const manifest = JSON.parse((await registryGet(registry.host, '/v2/test/mini-httpd/manifests/1', OCI_MANIFEST)).toString()) as { layers: { digest: string; size: number }[] };
    layers = manifest.layers;
  });
  afterAll(() => proxy?.stop());

  it('refuses a blob whose content does not match its digest, and stores nothing of it', async () => {
    const bad = layers[layers.length - 1]!.digest;
    proxy.behaviour = { corrupt: bad };
    const cli = freshRoot('corrupt');
    const result = await cli.runAsync(['image', 'pull', `${proxy.host}/test/mini-httpd:1`]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`blob ${bad} of ${proxy.host}/test/mini-httpd is corrupt`);
    expect(cli.blobs().filter((name) => name.includes(bad.slice(7)))).toEqual([]);
    expect(cli.ok(['image', 'ls', '-q'])).toBe('');
  });

  it('resumes a download the connection cut short, from where it stopped', async () => {
    const big = [...layers].sort((a, b) => b.size - a.size)[0]!;
    proxy.behaviour = { cut: { digests: [big.digest], after: Math.floor(big.size / 2) } };
    proxy.blobRequests.length = 0;
    const cli = freshRoot('cut');
    await cli.okAsync(['image', 'pull', '-q', `${proxy.host}/test/mini-httpd:1`]);
    const requests = proxy.blobRequests.filter((r) => r.digest === big.digest);
    expect(requests.map((r) => r.range?.replace(/\d+/, 'N'))).toEqual([undefined, 'bytes=N-']);
    // It asks for what it lacks: at most what the proxy sent (bytes in flight when the socket died are lost), more than nothing.
    const resumedAt = Number(/^bytes=(\d+)-$/.exec(requests[1]!.range!)![1]);
    expect(resumedAt).toBeGreaterThan(0);
    expect(resumedAt).toBeLessThanOrEqual(Math.floor(big.size / 2));
    expect(cli.blobs()).toContain(big.digest.slice(7));
    expect(cli.blobs().filter((name) => name.endsWith('.partial'))).toEqual([]);
    expect(cli.ok(['image', 'ls', '--format', '{{.Repository}}:{{.Tag}}'])).toBe(`${proxy.host}/test/mini-httpd:1\n`);
  });
});

describe('image push', () => {
  it('pushes a stored image, which pulls back as the same image, and search finds it', () => {
    engine.ok(['image', 'tag', 'busybox', `${registry.host}/pushed/busybox:v1`]);
    const out = engine.ok(['image', 'push', `${registry.host}/pushed/busybox:v1`]);
    expect(out).toMatch(/^v1: digest: sha256:[a-f0-9]{64} size: \d+\n$/);
    expect(engine.ok(['image', 'push', `${registry.host}/pushed/busybox:v1`])).toBe(out);
    const cli = freshRoot('pull-back');
    cli.ok(['image', 'pull', '-q', `${registry.host}/pushed/busybox:v1`]);
    expect(cli.imageId(`${registry.host}/pushed/busybox:v1`)).toBe(busyboxId);
    expect(cli.ok(['search', `${registry.host}/pushed`])).toBe(`NAME\n${registry.host}/pushed/busybox\n`);
    expect(cli.ok(['search', '--tags', `${registry.host}/pushed/busybox`])).toBe('v1\n');
  });
});

describe('compose', () => {
  function project(name: string): string {
    const dir = join(scratch, name);
    cpSync(join(repoRoot, 'fixtures/registry/pull'), dir, { recursive: true });
    return dir;
  }

  it('pull fetches the services\' images; up --pull never refuses a missing one; up pulls it by default', () => {
    const dir = project('compose-pull');
    const cli = freshRoot('compose');
    const env = { REGISTRY: registry.host };
    const run = (args: string[]) => spawnSync(cliPath, args, { cwd: dir, env: { ...cli.env, ...env }, encoding: 'utf8', timeout: 120_000 });
    const never = run(['up', '-d', '--pull', 'never', 'app']);
    expect(never.status).toBe(1);
    expect(never.stderr).toMatch(/no such image: 127\.0\.0\.1:\d+\/test\/busybox:1 \(service app\): pull_policy is never/);
    const pulled = run(['pull', 'app']);
    expect([pulled.status, pulled.stderr]).toEqual([0, expect.stringMatching(/app Pulling\n[\s\S]*app Pulled\n/)]);
    expect(cli.ok(['image', 'ls', '--format', '{{.Repository}}'])).toBe(`${registry.host}/test/busybox\n`);
    const failing = run(['pull', '-q', '--ignore-pull-failures']);
    expect(failing.status).toBe(0);
    expect(failing.stderr).toMatch(/test\/nosuch:1 on 127\.0\.0\.1:\d+: 404/);
    expect(run(['pull', '-q']).status).toBe(1);
    cli.ok(['image', 'rm', `${registry.host}/test/busybox:1`]);
    const up = run(['up', '-d', 'app']);
    expect(up.status).toBe(0);
    expect(cli.imageId(`${registry.host}/test/busybox:1`)).toBe(busyboxId);
    expect(run(['down']).status).toBe(0);
  });
});
