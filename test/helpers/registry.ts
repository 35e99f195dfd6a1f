// A real registry (Debian's docker-registry) on 127.0.0.1 for the registry
// tests, started on a free port with a config written here, seeded with
// skopeo, and stopped (its storage removed) when the test file ends; plus a
// proxy in front of it that a test can make misbehave: ask for Bearer
// tokens from its own token server, cut a blob's download short, corrupt one.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as netServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TestRegistry {
  /** `127.0.0.1:PORT` */
  readonly host: string;
  /** Copies an OCI archive into the registry as `repository:tag`. */
  seed(archive: string, reference: string): void;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  const server = netServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Starts docker-registry; with `users`, it wants Basic auth (htpasswd, bcrypt). */
export async function startRegistry(options: { users?: Record<string, string> } = {}): Promise<TestRegistry> {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-registry-'));
  const port = await freePort();
  let auth = '';
  if (options.users) {
    const lines = Object.entries(options.users).map(([user, password]) => spawnSync('htpasswd', ['-nbB', user, password], { encoding: 'utf8' }).stdout.trim());
    writeFileSync(join(dir, 'htpasswd'), `${lines.join('\n')}\n`);
    auth = `auth:\n  htpasswd:\n    realm: flotilla-test\n    path: ${join(dir, 'htpasswd')}\n`;
  }
  writeFileSync(join(dir, 'config.yml'), `version: 0.1\nlog:\n  level: error\n  accesslog:\n    disabled: true\nstorage:\n  filesystem:\n    rootdirectory: ${join(dir, 'data')}\n  delete:\n    enabled: true\nhttp:\n  addr: 127.0.0.1:${port}\n${auth}`);
  const child = spawn('docker-registry', ['serve', join(dir, 'config.yml')], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const host = `127.0.0.1:${port}`;
  await waitUntilUp(host, child, () => stderr);
  return {
    host,
    seed: (archive, reference) => {
      const creds = options.users ? ['--dest-creds', Object.entries(options.users)[0]!.join(':')] : [];
      const copied = spawnSync('skopeo', ['copy', '-q', '--dest-tls-verify=false', ...creds, `oci-archive:${archive}`, `docker://${host}/${reference}`], { encoding: 'utf8' });
      if (copied.status !== 0) throw new Error(`skopeo copy to ${host}/${reference} failed: ${copied.stderr}`);
    },
    stop: async () => {
      await stopChild(child);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function waitUntilUp(host: string, child: ChildProcess, stderr: () => string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (child.exitCode !== null) throw new Error(`docker-registry exited: ${stderr()}`);
    const up = await new Promise<boolean>((resolve) => {
      request(`http://${host}/v2/`, (res) => {
        res.resume();
        resolve(true);
      }).on('error', () => resolve(false)).end();
    });
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`docker-registry on ${host} did not answer`);
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const ended = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await ended;
}

export interface ProxyBehaviour {
  /** Ask for Bearer tokens from the proxy's /token, and refuse requests without one. */
  bearer?: boolean;
  /** With bearer: the one user:password the token server accepts (anonymous tokens otherwise). */
  tokenUser?: string;
  /** Close the connection after this many bytes of the blob, once per digest listed. */
  cut?: { digests: string[]; after: number };
  /** Flip one byte in the middle of this blob every time it is served. */
  corrupt?: string;
}

export interface TokenRequest {
  readonly scope: string | null;
  readonly service: string | null;
  readonly authorization?: string;
}

export interface TestProxy {
  readonly host: string;
  readonly tokenRequests: TokenRequest[];
  /** `GET /v2/…/blobs/<digest>` requests with their Range header. */
  readonly blobRequests: { digest: string; range?: string }[];
  behaviour: ProxyBehaviour;
  stop(): Promise<void>;
}

export async function startProxy(upstream: string, behaviour: ProxyBehaviour = {}): Promise<TestProxy> {
  const tokens = new Set<string>();
  const cutDone = new Set<string>();
  const proxy: TestProxy = { host: '', tokenRequests: [], blobRequests: [], behaviour, stop: async () => undefined };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://proxy');
    if (url.pathname === '/token') return issueToken(proxy, tokens, req, url, res);
    if (proxy.behaviour.bearer && !tokens.has((req.headers.authorization ?? '').replace(/^Bearer /, ''))) {
      res.writeHead(401, { 'www-authenticate': `Bearer realm="http://${proxy.host}/token",service="flotilla-test",scope="repository:${url.pathname.split('/').slice(2, -2).join('/')}:pull"`, 'content-type': 'application/json' });
      return res.end('{"errors":[{"code":"UNAUTHORIZED","message":"token required"}]}');
    }
    const blob = /\/blobs\/(sha256:[a-f0-9]{64})$/.exec(url.pathname)?.[1];
    if (blob && req.method === 'GET') proxy.blobRequests.push({ digest: blob, ...(req.headers.range && { range: req.headers.range }) });
    forward(upstream, req, res, blob, proxy.behaviour, cutDone);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  Object.assign(proxy, {
    host: `127.0.0.1:${(server.address() as { port: number }).port}`,
    stop: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  });
  return proxy;
}

function issueToken(proxy: TestProxy, tokens: Set<string>, req: IncomingMessage, url: URL, res: ServerResponse): void {
  const authorization = req.headers.authorization;
  proxy.tokenRequests.push({ scope: url.searchParams.get('scope'), service: url.searchParams.get('service'), ...(authorization && { authorization }) });
  const wanted = proxy.behaviour.tokenUser;
  if (wanted !== undefined && authorization !== `Basic ${Buffer.from(wanted).toString('base64')}`) {
    res.writeHead(401, { 'content-type': 'application/json' });
    return void res.end('{"details":"incorrect username or password"}');
  }
  const token = randomBytes(16).toString('hex');
  tokens.add(token);
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ token, expires_in: 300 }));
}

function forward(upstream: string, req: IncomingMessage, res: ServerResponse, blob: string | undefined, behaviour: ProxyBehaviour, cutDone: Set<string>): void {
  const headers = { ...req.headers, host: upstream };
  delete headers.authorization;
  const out = request(`http://${upstream}${req.url}`, { method: req.method, headers }, (up) => {
    const cut = blob && behaviour.cut?.digests.includes(blob) && !cutDone.has(blob) && up.statusCode === 200 ? behaviour.cut.after : undefined;
    const corrupt = blob !== undefined && behaviour.corrupt === blob && (up.statusCode === 200 || up.statusCode === 206);
    const location = up.headers.location?.replace(`http://${upstream}`, '');
    res.writeHead(up.statusCode ?? 502, { ...up.headers, ...(location && { location }) });
    let sent = 0;
    up.on('data', (chunk: Buffer) => {
      if (corrupt && sent === 0) chunk = Buffer.concat([Buffer.from([chunk[0]! ^ 0xff]), chunk.subarray(1)]);
      if (cut !== undefined && sent + chunk.length >= cut) {
        res.write(chunk.subarray(0, Math.max(0, cut - sent)));
        cutDone.add(blob!);
        res.socket?.destroy();
        up.destroy();
        return;
      }
      sent += chunk.length;
      res.write(chunk);
    });
    up.on('end', () => res.end());
  });
  out.on('error', () => res.destroy());
  req.pipe(out);
}

/** sha256 of bytes, as a digest. */
export function digestOf(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}
