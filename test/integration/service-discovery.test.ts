// Names between real containers: busybox nslookup against the DNS server
// on each network's gateway, the files written into /etc, networks joined
// and left while running, and UDP through a published port. Lookups of
// names outside Flotilla go to a fake upstream on loopback, never further.
import { spawn, type ChildProcess } from 'node:child_process';
import { networkInterfaces } from 'node:os';
import { dirname, join } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { queryA } from '../helpers/dns-wire.js';
import { sharedTestEngine } from '../helpers/engine.js';

const dnsBinary = fileURLToPath(new URL('../../dist/networking/dns/flotilla-dns', import.meta.url));

const engine = sharedTestEngine();

const ok = (args: string[], env?: Record<string, string>): string => engine.ok(args, env);

function sleeper(name: string, flags: string[], env?: Record<string, string>): void {
  ok(['container', 'run', '-d', '--name', name, ...flags, 'busybox', 'sleep', '300'], env);
}

/** The IPv4 addresses `name` resolves to inside `container` (busybox nslookup), sorted; [] when it does not resolve. */
function lookup(container: string, name: string): string[] {
  const result = engine.flotilla(['container', 'exec', container, 'nslookup', '-type=a', name]);
  const answer = result.stdout.split(/\nName:\s/).slice(1).join('\n');
  return [...answer.matchAll(/^Address: (\d+\.\d+\.\d+\.\d+)$/gm)].map((m) => m[1]!).sort();
}

function ipOf(container: string, network: string): string {
  const [doc] = JSON.parse(ok(['container', 'inspect', container])) as [{ NetworkSettings: { Networks: Record<string, { IPAddress: string }> } }];
  return doc.NetworkSettings.Networks[network]!.IPAddress;
}

function hostAddress(): string {
  for (const addresses of Object.values(networkInterfaces())) {
    for (const a of addresses ?? []) if (a.family === 'IPv4' && !a.internal) return a.address;
  }
  throw new Error('this host has no non-loopback IPv4 address');
}

describe('names on a network', () => {
  it('resolve container names, IDs, aliases and link aliases on shared networks only, and follow a recreate', () => {
    ok(['network', 'create', '--subnet', '172.30.40.0/24', 'disc']);
    ok(['network', 'create', 'apart']);
    sleeper('web', ['--network', 'disc', '--network-alias', 'www', '--ip', '172.30.40.10']);
    sleeper('client', ['--network', 'disc']);
    sleeper('loner', ['--network', 'apart']);
    const [{ Id: id }] = JSON.parse(ok(['container', 'inspect', 'web'])) as [{ Id: string }];

    expect(lookup('client', 'web')).toEqual(['172.30.40.10']);
    expect(lookup('client', 'www')).toEqual(['172.30.40.10']);
    expect(lookup('client', id.slice(0, 12))).toEqual(['172.30.40.10']);
    expect(lookup('client', 'client')).toEqual([ipOf('client', 'disc')]);
    expect(lookup('client', 'loner')).toEqual([]);
    expect(lookup('loner', 'web')).toEqual([]);
    // Nor by asking the other network's server directly: its gateway stays
    // reachable, but not its port 53.
    const asked = engine.flotilla(['container', 'exec', 'loner', 'timeout', '2', 'nslookup', '-type=a', 'web', '172.30.40.1']);
    expect(asked.stdout).not.toContain('172.30.40.10');
    expect(engine.flotilla(['container', 'exec', 'loner', 'ping', '-c', '1', '-W', '2', '172.30.40.1']).status).toBe(0);
    // A link alias is the linking container's own name for its target.
    sleeper('linked', ['--network', 'disc', '--link', 'web:db']);
    expect(lookup('linked', 'db')).toEqual(['172.30.40.10']);
    expect(lookup('client', 'db')).toEqual([]);

    // Replaced by a container with another address: the running client sees it at once.
    ok(['container', 'rm', '-f', 'web']);
    expect(lookup('client', 'web')).toEqual([]);
    sleeper('web', ['--network', 'disc', '--network-alias', 'www', '--ip', '172.30.40.20']);
    expect(lookup('client', 'web')).toEqual(['172.30.40.20']);
    expect(lookup('client', 'www')).toEqual(['172.30.40.20']);
    expect(lookup('linked', 'db')).toEqual(['172.30.40.20']);
  });

  it('resolves an alias shared by replicas to every one of them', () => {
    ok(['network', 'create', 'scaled']);
    for (const replica of ['pool-1', 'pool-2', 'pool-3']) sleeper(replica, ['--network', 'scaled', '--network-alias', 'pool']);
    sleeper('asker', ['--network', 'scaled']);
    const all = ['pool-1', 'pool-2', 'pool-3'].map((r) => ipOf(r, 'scaled')).sort();
    expect(lookup('asker', 'pool')).toEqual(all);
    // A stopped replica leaves the answer.
    const stopped = ipOf('pool-2', 'scaled');
    ok(['container', 'stop', '-t', '0', 'pool-2']);
    expect(lookup('asker', 'pool')).toEqual(all.filter((ip) => ip !== stopped));
  });

  it('forwards other names to the upstream resolvers, or to the container\'s own --dns servers, except from internal networks', async () => {
    // Stand-in upstreams on loopback, in their own processes (the CLI calls below block this one).
    const upstream = spawn(process.execPath, ['-e', FAKE_UPSTREAM], { stdio: ['ignore', 'pipe', 'inherit'] });
    const ownUpstream = spawn(process.execPath, ['-e', FAKE_UPSTREAM, '127.0.0.77', '53', '77'], { stdio: ['ignore', 'pipe', 'inherit'] });
    const asked = linesOf(upstream);
    const askedOwn = linesOf(ownUpstream);
    try {
      const port = Number(await asked.first);
      await askedOwn.first;
      const env = { FLOTILLA_DNS_UPSTREAMS: `127.0.0.1:${port}` };
      ok(['network', 'create', 'open'], env);
      ok(['network', 'create', '--internal', 'closed'], env);
      sleeper('outward', ['--network', 'open'], env);
      sleeper('inward', ['--network', 'closed'], env);
      sleeper('picky', ['--network', 'open', '--dns', '127.0.0.77'], env);
      expect(lookup('outward', 'example.test')).toEqual(['192.0.2.7']);
      expect(lookup('picky', 'mine.test')).toEqual(['192.0.2.77']);
      expect(lookup('inward', 'elsewhere.test')).toEqual([]);
      expect(lookup('inward', 'inward')).toEqual([ipOf('inward', 'closed')]);
      // Names of its own are never forwarded; the internal network's query never left.
      expect(lookup('outward', 'outward')).toEqual([ipOf('outward', 'open')]);
      expect(lookup('picky', 'outward')).toEqual([ipOf('outward', 'open')]);
      upstream.kill('SIGTERM');
      ownUpstream.kill('SIGTERM');
      await asked.done;
      await askedOwn.done;
      expect(asked.lines.slice(1).map((l) => l.split(' ')[0])).toEqual(['example.test']);
      expect(askedOwn.lines.slice(1).map((l) => l.split(' ')[0])).toEqual(['mine.test']);
    } finally {
      upstream.kill('SIGKILL');
      ownUpstream.kill('SIGKILL');
    }
  });
});

describe('a container that ends on its own', () => {
  it('stops answering to its names and frees its address at once, and gets both back when started again', () => {
    ok(['network', 'create', '--subnet', '172.30.44.0/24', 'brief']);
    sleeper('watcher', ['--network', 'brief']);
    sleeper('goner', ['--network', 'brief', '--network-alias', 'going']);
    const address = ipOf('goner', 'brief');
    expect(lookup('watcher', 'going')).toEqual([address]);
    // Killed, not stopped: no networking command runs in between.
    ok(['container', 'kill', 'goner']);
    expect(ok(['container', 'wait', 'goner']).trim()).toBe('137');
    expect(lookup('watcher', 'going')).toEqual([]);
    expect(lookup('watcher', 'goner')).toEqual([]);
    // Only the watcher's namespace is left.
    expect(engine.leftovers().filter((l) => l.startsWith('netns '))).toHaveLength(1);
    // Its address can be handed out again.
    sleeper('successor', ['--network', 'brief', '--ip', address]);
    expect(lookup('watcher', 'successor')).toEqual([address]);
    ok(['container', 'rm', '-f', 'successor']);
    ok(['container', 'start', 'goner']);
    expect(lookup('watcher', 'going')).toEqual([ipOf('goner', 'brief')]);
  });

  it('takes its interface away as it ends, even from a container sharing its namespace', () => {
    ok(['network', 'create', '--subnet', '172.30.45.0/24', 'lent']);
    sleeper('owner', ['--network', 'lent']);
    const address = ipOf('owner', 'lent');
    sleeper('guest', ['--network', 'container:owner']);
    expect(ok(['container', 'exec', 'guest', 'cat', '/proc/net/dev'])).toContain('eth0:');
    ok(['container', 'kill', 'owner']);
    ok(['container', 'wait', 'owner']);
    // The guest keeps the namespace alive, but not the interface: gone before any networking command ran.
    expect(ok(['container', 'exec', 'guest', 'cat', '/proc/net/dev'])).not.toContain('eth0:');
    // The owner's address goes to another container, once.
    sleeper('heir', ['--network', 'lent', '--ip', address]);
    expect(lookup('heir', 'heir')).toEqual([address]);
  });
});

describe('a renamed container', () => {
  it('answers to its new name on its networks, no longer to the old one, running or started again', () => {
    ok(['network', 'create', '--subnet', '172.30.46.0/24', 'renames']);
    sleeper('asker', ['--network', 'renames']);
    sleeper('before', ['--network', 'renames', '--network-alias', 'kept']);
    const address = ipOf('before', 'renames');
    expect(lookup('asker', 'before')).toEqual([address]);
    ok(['container', 'rename', 'before', 'after']);
    expect(lookup('asker', 'after')).toEqual([address]);
    expect(lookup('asker', 'before')).toEqual([]);
    expect(lookup('asker', 'kept')).toEqual([address]);
    ok(['container', 'restart', '-t', '0', 'after']);
    expect(lookup('asker', 'after')).toEqual([ipOf('after', 'renames')]);
    const clash = engine.flotilla(['container', 'rename', 'after', 'asker']);
    expect([clash.status, clash.stderr]).toEqual([1, expect.stringMatching(/^error: the container name "\/asker" is already in use by container "[0-9a-f]{64}"/)]);
  });
});

describe('files in /etc', () => {
  it('hold the hostname, extra hosts, DNS servers, search domains and options asked for', () => {
    ok(['network', 'create', '--subnet', '172.30.41.0/24', 'files']);
    const out = ok([
      'container', 'run', '--rm', '--network', 'files', '--hostname', 'box', '--add-host', 'db.local:10.9.8.7', '--add-host', 'gw:host-gateway',
      '--dns', '192.0.2.53', '--dns-search', 'corp.test', '--dns-option', 'ndots:2', 'busybox', 'sh', '-c', 'hostname; cat /etc/hostname; cat /etc/hosts; echo ---; cat /etc/resolv.conf',
    ]);
    const [names, resolv] = out.split('---\n') as [string, string];
    const [hostname, hostnameFile, ...hosts] = names.trim().split('\n');
    expect([hostname, hostnameFile]).toEqual(['box', 'box']);
    const entries = hosts.filter((l) => l && !l.startsWith('#')).map((l) => l.split(/\s+/));
    expect(entries).toContainEqual(['10.9.8.7', 'db.local']);
    expect(entries).toContainEqual(['172.30.41.1', 'gw']);
    expect(entries.find((e) => e.includes('box'))?.[0]).toMatch(/^172\.30\.41\.\d+$/);
    const lines = resolv.trim().split('\n').filter((l) => !l.startsWith('#'));
    // Only ours: it forwards to 192.0.2.53 for this container.
    expect(lines.filter((l) => l.startsWith('nameserver'))).toEqual(['nameserver 172.30.41.1']);
    expect(lines).toContain('search corp.test');
    expect(lines).toContain('options ndots:2');
  });
});

describe('connect and disconnect', () => {
  it('add and remove an interface, an address and the names on that network while the container runs', () => {
    ok(['network', 'create', '--subnet', '172.30.42.0/24', 'first']);
    ok(['network', 'create', '--subnet', '172.30.43.0/24', 'second']);
    sleeper('mover', ['--network', 'first']);
    sleeper('peer', ['--network', 'second']);
    expect(lookup('peer', 'mover')).toEqual([]);

    ok(['network', 'connect', '--ip', '172.30.43.50', '--alias', 'moved', 'second', 'mover']);
    const addrs = ok(['container', 'exec', 'mover', 'ip', '-o', '-4', 'addr', 'show']);
    expect(addrs).toMatch(/eth0\s+inet 172\.30\.42\.\d+\/24/);
    expect(addrs).toMatch(/eth1\s+inet 172\.30\.43\.50\/24/);
    expect(lookup('peer', 'mover')).toEqual(['172.30.43.50']);
    expect(lookup('peer', 'moved')).toEqual(['172.30.43.50']);
    expect(ok(['container', 'exec', 'peer', 'sh', '-c', 'ping -c 1 -W 2 172.30.43.50 >/dev/null && echo reached'])).toBe('reached\n');
    const again = engine.flotilla(['network', 'connect', 'second', 'mover']);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/already/);

    ok(['network', 'disconnect', 'second', 'mover']);
    expect(ok(['container', 'exec', 'mover', 'ip', '-o', 'link', 'show'])).not.toMatch(/eth1/);
    expect(lookup('peer', 'mover')).toEqual([]);
    // The address is free again.
    sleeper('taker', ['--network', 'second', '--ip', '172.30.43.50']);
    expect(ipOf('taker', 'second')).toBe('172.30.43.50');
  });
});

describe('UDP', () => {
  it('reaches a published UDP port from the host on 127.0.0.1 and the host address', async () => {
    // The UDP server in the container is Flotilla's own DNS server, given records of its own.
    const dir = mkdtempSync(join(tmpdir(), 'flotilla-udp-'));
    try {
      writeFileSync(join(dir, 'records'), 'port 53\nnet x 0.0.0.0\nhost x 10.1.2.3 c1 answer-me\n');
      ok(['container', 'run', '-d', '--name', 'udp', '-p', '53/udp', '-v', `${dirname(dnsBinary)}:/dns:ro`, '-v', `${dir}:/records:ro`, 'busybox', '/dns/flotilla-dns', '/records']);
      const port = Number(/:(\d+)$/.exec(ok(['container', 'port', 'udp', '53/udp']).split('\n')[0]!)![1]);
      for (const host of ['127.0.0.1', hostAddress()]) {
        const reply = await queryWithRetry(host, port, 'answer-me');
        expect(reply.answers.map((a) => a.data)).toEqual(['10.1.2.3']);
      }
      // Only UDP was asked for.
      expect(engine.flotilla(['container', 'port', 'udp', '53/tcp']).status).not.toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('sends a client\'s UDP flow to the new container after a recreate, not to the old address', async () => {
    const dirs = ['10.1.2.3', '10.4.5.6'].map((answer) => {
      const dir = mkdtempSync(join(tmpdir(), 'flotilla-udp-'));
      writeFileSync(join(dir, 'records'), `port 53\nnet x 0.0.0.0\nhost x ${answer} c1 answer-me\n`);
      return dir;
    });
    const server = (name: string, dir: string) =>
      ok(['container', 'run', '-d', '--name', name, '--network', 'flows', '-p', '18553:53/udp', '-v', `${dirname(dnsBinary)}:/dns:ro`, '-v', `${dir}:/records:ro`, 'busybox', '/dns/flotilla-dns', '/records']);
    try {
      ok(['network', 'create', 'flows']);
      server('first', dirs[0]!);
      const oldIp = ipOf('first', 'flows');
      // One client socket throughout: the kernel tracks its flow and keeps
      // NATing it to where it first went unless that is forgotten.
      expect((await queryWithRetry('127.0.0.1', 18553, 'answer-me', 18554)).answers.map((a) => a.data)).toEqual(['10.1.2.3']);
      ok(['container', 'rm', '-f', 'first']);
      sleeper('squatter', ['--network', 'flows']);
      expect(ipOf('squatter', 'flows')).toBe(oldIp);
      server('second', dirs[1]!);
      expect((await queryWithRetry('127.0.0.1', 18553, 'answer-me', 18554)).answers.map((a) => a.data)).toEqual(['10.4.5.6']);
    } finally {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The server needs a moment after start to bind: retry a few times. */
async function queryWithRetry(host: string, port: number, name: string, localPort?: number) {
  for (let attempt = 0; ; attempt++) {
    try {
      return await queryA(host, port, name, 1000, localPort);
    } catch (err) {
      if (attempt >= 4) throw err;
    }
  }
}

// Answers every A query with 192.0.2.LAST (7 unless given) and prints each name asked, its port first. Arguments: [ADDRESS [PORT [LAST]]].
const FAKE_UPSTREAM = `
const dgram = require('node:dgram');
const socket = dgram.createSocket('udp4');
socket.on('message', (q, from) => {
  let pos = 12; const labels = [];
  while (q[pos] !== 0) { labels.push(q.toString('latin1', pos + 1, pos + 1 + q[pos])); pos += 1 + q[pos]; }
  const qtype = q.readUInt16BE(pos + 1);
  console.log(labels.join('.') + ' ' + qtype);
  const question = q.subarray(12, pos + 5);
  const header = Buffer.from(q.subarray(0, 12));
  header.writeUInt16BE(0x8180, 2); header.writeUInt16BE(qtype === 1 ? 1 : 0, 6); header.writeUInt16BE(0, 8); header.writeUInt16BE(0, 10);
  const answer = qtype === 1 ? Buffer.from([0xc0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 192, 0, 2, Number(process.argv[3] ?? 7)]) : Buffer.alloc(0);
  socket.send(Buffer.concat([header, question, answer]), from.port, from.address);
});
socket.bind(Number(process.argv[2] ?? 0), process.argv[1] ?? '127.0.0.1', () => console.log(socket.address().port));
process.on('SIGTERM', () => process.exit(0));
`;

/** Every line `child` prints, the first as soon as it comes, all once it is done. */
function linesOf(child: ChildProcess): { lines: string[]; first: Promise<string>; done: Promise<void> } {
  const lines: string[] = [];
  let text = '';
  let gotFirst: (line: string) => void = () => undefined;
  const first = new Promise<string>((resolve, reject) => {
    gotFirst = resolve;
    child.once('exit', () => reject(new Error('the fake upstream exited')));
  });
  child.stdout!.on('data', (chunk: Buffer) => {
    text += chunk.toString();
    for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n')) {
      lines.push(text.slice(0, nl));
      text = text.slice(nl + 1);
      if (lines.length === 1) gotFirst(lines[0]!);
    }
  });
  const done = new Promise<void>((resolve) => child.once('close', () => resolve()));
  first.catch(() => undefined);
  return { lines, first, done };
}
