// The DNS server (networking/dns/*.c) on loopback: listeners on 127.0.0.2x
// stand in for network gateways, clients bind 127.0.0.3x source addresses to
// pose as containers, and a fake upstream on 127.0.0.41 shows what gets
// forwarded. Answers are decoded by hand so every field is checked for real.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import dgram from 'node:dgram';
import { existsSync, mkdtempSync, readFileSync, readlinkSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { A, AAAA, decode, encodeName, encodeQuery, NOERROR, NXDOMAIN, PTR, SERVFAIL, type Reply } from '../helpers/dns-wire.js';
import { eventually } from '../helpers/eventually.js';

const binary = fileURLToPath(new URL('../../dist/networking/dns/flotilla-dns', import.meta.url));
const PORT = 10553;
const UPSTREAM_PORT = 10054;

// Networks: a (open), b (internal), c (open; the client is not on it).
const RECORDS = [
  '# test records',
  `port ${PORT}`,
  'net neta 127.0.0.21',
  'net netb 127.0.0.22 internal',
  'net netc 127.0.0.23',
  'host neta 10.1.0.2 cweb1 web proj-web-1',
  'host neta 10.1.0.3 cweb2 web proj-web-2',
  'host neta 127.0.0.31 cclient client',
  'host netb 127.0.0.32 cclient client',
  'host neta 127.0.0.34 cother other',
  'host netb 10.2.0.5 cdb db',
  'host neta 10.1.0.8 cshareda shared',
  'host netb 10.2.0.8 csharedb shared',
  'host netc 10.3.0.9 csecret secret',
  'link cclient database db',
  'some-future-kind with fields',
  `upstream 127.0.0.41:${UPSTREAM_PORT}`,
];

const addresses = (reply: Reply) => reply.answers.filter((a) => a.type === A).map((a) => a.data);

let scratch: string;
let children: { child: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }> }[];
let sockets: dgram.Socket[];

beforeAll(() => {
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run node scripts/build-shim.mjs`);
});

beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'flotilla-dns-'));
  children = [];
  sockets = [];
});

afterEach(async () => {
  for (const { child, exited } of children) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  }
  for (const socket of sockets) {
    try {
      socket.close();
    } catch {
      // Already closed.
    }
  }
  rmSync(scratch, { recursive: true, force: true });
});

/** Replaces the records file the way the engine does: a whole new file renamed over the old one. */
function writeRecords(lines: readonly string[]) {
  const tmp = join(scratch, 'records.tmp');
  writeFileSync(tmp, `${lines.join('\n')}\n`);
  renameSync(tmp, join(scratch, 'records'));
}

function startServer() {
  const child = spawn(binary, [scratch], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  children.push({ child, exited });
  return { child, exited, stderr: () => stderr };
}

/** A server answering from RECORDS (or `lines`), once its first listener answers. */
async function started(lines: readonly string[] = RECORDS) {
  writeRecords(lines);
  const server = startServer();
  await eventually(() => ask('127.0.0.21', '127.0.0.31', 'web', A, { timeoutMs: 200 }), 3000);
  return server;
}

async function udpSocket(address: string, port = 0): Promise<dgram.Socket> {
  const socket = dgram.createSocket('udp4');
  sockets.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.bind(port, address, () => resolve());
  });
  return socket;
}

interface AskOptions {
  readonly id?: number;
  readonly edns?: number;
  readonly timeoutMs?: number;
}

/** One UDP query from `from` to the listener `server`, and its decoded answer. */
async function askRaw(server: string, from: string, packet: Buffer, timeoutMs = 1500): Promise<Buffer> {
  const socket = await udpSocket(from);
  try {
    return await new Promise<Buffer>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from ${server} to ${from}`)), timeoutMs);
      socket.on('message', (msg) => {
        clearTimeout(timer);
        resolve(msg);
      });
      socket.send(packet, PORT, server);
    });
  } finally {
    socket.close();
  }
}

async function ask(server: string, from: string, name: string, type: number, options: AskOptions = {}): Promise<Reply> {
  const id = options.id ?? Math.floor(Math.random() * 0x10000);
  const reply = decode(await askRaw(server, from, encodeQuery(id, name, type, options.edns), options.timeoutMs));
  expect(reply.id).toBe(id);
  expect(reply.qr).toBe(true);
  expect(reply.name.toLowerCase()).toBe(name.toLowerCase().replace(/\.$/, ''));
  expect(reply.qtype).toBe(type);
  return reply;
}

/** The same over TCP: a connection from `from`, one length-prefixed query and answer. */
async function askTcp(server: string, from: string, name: string, type: number): Promise<Reply> {
  const id = Math.floor(Math.random() * 0x10000);
  const query = encodeQuery(id, name, type);
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(query.length);
  const socket = net.connect({ host: server, port: PORT, localAddress: from });
  try {
    const raw = await new Promise<Buffer>((resolve, reject) => {
      let got = Buffer.alloc(0);
      const timer = setTimeout(() => reject(new Error(`no TCP answer from ${server}`)), 3000);
      socket.on('error', reject);
      socket.on('data', (chunk) => {
        got = Buffer.concat([got, chunk]);
        if (got.length >= 2 && got.length >= 2 + got.readUInt16BE(0)) {
          clearTimeout(timer);
          resolve(got.subarray(2, 2 + got.readUInt16BE(0)));
        }
      });
      socket.write(Buffer.concat([prefix, query]));
    });
    const reply = decode(raw);
    expect(reply.id).toBe(id);
    return reply;
  } finally {
    socket.destroy();
  }
}

interface Upstream {
  readonly seen: { id: number; name: string; type: number }[];
}

/** A resolver that answers every A query with 203.0.113.7 and anything else with NXDOMAIN, and remembers what it was asked. */
async function fakeUpstream(address = '127.0.0.41'): Promise<Upstream> {
  const socket = await udpSocket(address, UPSTREAM_PORT);
  const seen: Upstream['seen'] = [];
  socket.on('message', (msg, from) => {
    const q = decode(msg);
    seen.push({ id: q.id, name: q.name, type: q.qtype });
    const header = Buffer.alloc(12);
    header.writeUInt16BE(q.id, 0);
    header.writeUInt16BE(q.qtype === A ? 0x8180 : 0x8183, 2);
    header.writeUInt16BE(1, 4);
    header.writeUInt16BE(q.qtype === A ? 1 : 0, 6);
    const answer = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 203, 0, 113, 7]);
    socket.send(Buffer.concat([header, msg.subarray(12, q.questionEnd), ...(q.qtype === A ? [answer] : [])]), from.port, from.address);
  });
  return { seen };
}

/** The inode of the UDP socket bound to ip:port, from /proc/net/udp (addresses in host byte order, hex). */
function udpInode(ip: string, port: number): string | undefined {
  const hex = ip.split('.').map(Number).reverse().map((b) => b.toString(16).padStart(2, '0')).join('').toUpperCase();
  const local = `${hex}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  const line = readFileSync('/proc/net/udp', 'utf8').split('\n').find((l) => l.trim().split(/\s+/)[1] === local);
  return line?.trim().split(/\s+/)[9];
}

function rssKiB(pid: number): number {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith('VmRSS:'));
  return Number(/(\d+)/.exec(line ?? '')?.[1]);
}

describe('flotilla-dns', () => {
  it('answers A records of the receiving network, every address of a scaled name, case-insensitively, with TTL 0', async () => {
    await started();
    const web = await ask('127.0.0.21', '127.0.0.31', 'web', A);
    expect(web.rcode).toBe(NOERROR);
    expect(web.aa).toBe(true);
    expect(web.ra).toBe(true);
    expect(web.rd).toBe(true);
    expect(web.tc).toBe(false);
    expect(addresses(web).sort()).toEqual(['10.1.0.2', '10.1.0.3']);
    expect(web.answers.every((a) => a.ttl === 0)).toBe(true);
    expect(addresses(await ask('127.0.0.21', '127.0.0.31', 'PROJ-Web-1', A))).toEqual(['10.1.0.2']);
    expect(addresses(await ask('127.0.0.21', '127.0.0.31', 'proj-web-2.', A))).toEqual(['10.1.0.3']);
    // ANY gets the A records too.
    expect(addresses(await ask('127.0.0.21', '127.0.0.31', 'other', 255))).toEqual(['127.0.0.34']);
  });

  it('looks in the receiving network first, then the client container\'s other networks, applying its links', async () => {
    await started();
    // db is only on b, which the client (127.0.0.31 on a = cclient) is also on.
    expect(addresses(await ask('127.0.0.21', '127.0.0.31', 'db', A))).toEqual(['10.2.0.5']);
    // A name on both: the network the query came in on wins.
    expect(addresses(await ask('127.0.0.21', '127.0.0.31', 'shared', A))).toEqual(['10.1.0.8']);
    expect(addresses(await ask('127.0.0.22', '127.0.0.32', 'shared', A))).toEqual(['10.2.0.8']);
    // The same client over b still sees a's names.
    expect(addresses(await ask('127.0.0.22', '127.0.0.32', 'web', A)).sort()).toEqual(['10.1.0.2', '10.1.0.3']);
    // The link alias is cclient's only.
    expect(addresses(await ask('127.0.0.21', '127.0.0.31', 'Database', A))).toEqual(['10.2.0.5']);
    const upstream = await fakeUpstream();
    expect(addresses(await ask('127.0.0.21', '127.0.0.34', 'database', A))).toEqual(['203.0.113.7']);
    expect(upstream.seen.map((q) => q.name)).toEqual(['database']);
  });

  it('answers NODATA, never NXDOMAIN, for other types of a known name', async () => {
    await started();
    const upstream = await fakeUpstream();
    for (const server of ['127.0.0.21', '127.0.0.22']) {
      const reply = await ask(server, server === '127.0.0.21' ? '127.0.0.31' : '127.0.0.32', 'web', AAAA);
      expect(reply.rcode).toBe(NOERROR);
      expect(reply.aa).toBe(true);
      expect(reply.answers).toEqual([]);
    }
    expect(upstream.seen).toEqual([]);
  });

  it('answers PTR for addresses in the client\'s scope and forwards the rest', async () => {
    await started();
    const upstream = await fakeUpstream();
    const ptr = await ask('127.0.0.21', '127.0.0.31', '2.0.1.10.in-addr.arpa', PTR);
    expect(ptr.rcode).toBe(NOERROR);
    expect(ptr.aa).toBe(true);
    expect(ptr.answers).toEqual([{ type: PTR, ttl: 0, data: 'web' }]);
    // On b, through the client's second network.
    expect((await ask('127.0.0.21', '127.0.0.31', '5.0.2.10.in-addr.arpa', PTR)).answers).toEqual([{ type: PTR, ttl: 0, data: 'db' }]);
    // 10.3.0.9 is on c, which the client is not on: the upstream answers (NXDOMAIN, as it does for non-A).
    const outside = await ask('127.0.0.21', '127.0.0.31', '9.0.3.10.in-addr.arpa', PTR);
    expect(outside.rcode).toBe(NXDOMAIN);
    expect(outside.aa).toBe(false);
    expect(upstream.seen).toEqual([expect.objectContaining({ name: '9.0.3.10.in-addr.arpa', type: PTR })]);
  });

  it('forwards unknown names with a fresh ID and gives the client its own back; an unknown client sees only the receiving network', async () => {
    await started();
    const upstream = await fakeUpstream();
    const ids = [0x1234, 0xbeef];
    // secret is on c, which the client is not attached to.
    const first = await ask('127.0.0.21', '127.0.0.31', 'secret', A, { id: ids[0] });
    expect(first.rcode).toBe(NOERROR);
    expect(first.aa).toBe(false);
    expect(addresses(first)).toEqual(['203.0.113.7']);
    const second = await ask('127.0.0.21', '127.0.0.99', 'db', A, { id: ids[1] });
    expect(addresses(second)).toEqual(['203.0.113.7']);
    expect(upstream.seen.map((q) => q.name)).toEqual(['secret', 'db']);
    expect(upstream.seen.map((q) => q.id)).not.toEqual(ids);
  });

  it('forwards a container with servers of its own there, and everyone else to the shared upstreams', async () => {
    await started([...RECORDS, `dns cclient 127.0.0.43:${UPSTREAM_PORT}`]);
    const shared = await fakeUpstream();
    const own = await fakeUpstream('127.0.0.43');
    expect(addresses(await ask('127.0.0.21', '127.0.0.31', 'mine.example', A))).toEqual(['203.0.113.7']);
    expect(addresses(await ask('127.0.0.21', '127.0.0.34', 'theirs.example', A))).toEqual(['203.0.113.7']);
    expect(own.seen.map((q) => q.name)).toEqual(['mine.example']);
    expect(shared.seen.map((q) => q.name)).toEqual(['theirs.example']);
  });

  it('answers for a container with a netns line only while that path exists', async () => {
    const marker = join(scratch, 'cweb1-netns');
    await started([...RECORDS, `netns cweb1 ${marker}`, `netns cother ${join(scratch, 'never-there')}`]);
    await fakeUpstream();
    // cweb1's namespace is gone: only cweb2 still answers for web, and other has no name.
    expect(addresses(await ask('127.0.0.21', '127.0.0.31', 'web', A))).toEqual(['10.1.0.3']);
    expect((await ask('127.0.0.21', '127.0.0.31', '2.0.1.10.in-addr.arpa', PTR)).aa).toBe(false);
    expect((await ask('127.0.0.21', '127.0.0.31', 'other', A)).aa).toBe(false);
    writeFileSync(marker, '');
    expect(addresses(await ask('127.0.0.21', '127.0.0.31', 'web', A)).sort()).toEqual(['10.1.0.2', '10.1.0.3']);
    expect((await ask('127.0.0.21', '127.0.0.31', '2.0.1.10.in-addr.arpa', PTR)).answers).toEqual([{ type: PTR, ttl: 0, data: 'web' }]);
  });

  it('answers NXDOMAIN for unknown names on an internal network without forwarding', async () => {
    await started();
    const upstream = await fakeUpstream();
    const reply = await ask('127.0.0.22', '127.0.0.32', 'example.com', A);
    expect(reply.rcode).toBe(NXDOMAIN);
    expect(reply.answers).toEqual([]);
    // An unknown client on b sees b only: web (on a) does not exist for it.
    expect((await ask('127.0.0.22', '127.0.0.99', 'web', A)).rcode).toBe(NXDOMAIN);
    expect(upstream.seen).toEqual([]);
  });

  it('tries the next upstream after 2 s, answers SERVFAIL when none answers, and NXDOMAIN when there are none', async () => {
    const lines = RECORDS.filter((l) => !l.startsWith('upstream'));
    await started([...lines, `upstream 127.0.0.42:${UPSTREAM_PORT}`, `upstream 127.0.0.41:${UPSTREAM_PORT}`]);
    const upstream = await fakeUpstream();
    const before = Date.now();
    expect(addresses(await ask('127.0.0.21', '127.0.0.31', 'slow.example', A, { timeoutMs: 5000 }))).toEqual(['203.0.113.7']);
    const waited = Date.now() - before;
    expect(waited).toBeGreaterThanOrEqual(1900);
    expect(waited).toBeLessThan(4000);
    expect(upstream.seen.map((q) => q.name)).toEqual(['slow.example']);

    writeRecords([...lines, `upstream 127.0.0.42:${UPSTREAM_PORT}`]);
    const failed = await ask('127.0.0.21', '127.0.0.31', 'dead.example', A, { timeoutMs: 5000 });
    expect(failed.rcode).toBe(SERVFAIL);

    // No upstream at all: nothing could know the name, so it does not exist (at once).
    writeRecords(lines);
    const none = Date.now();
    expect((await ask('127.0.0.21', '127.0.0.31', 'nowhere.example', A)).rcode).toBe(NXDOMAIN);
    expect(Date.now() - none).toBeLessThan(1000);
  });

  it('follows a rewritten records file at the next query, keeping unchanged listeners and closing removed ones', async () => {
    const server = await started();
    const keptInode = udpInode('127.0.0.21', PORT);
    expect(keptInode).toBeDefined();
    expect(udpInode('127.0.0.23', PORT)).toBeDefined();
    const moved = RECORDS.filter((l) => !l.includes('cweb2') && !l.includes('netc')).map((l) => l.replace('10.1.0.2 ', '10.1.0.99 '));
    writeRecords(moved);
    expect(addresses(await ask('127.0.0.21', '127.0.0.31', 'web', A))).toEqual(['10.1.0.99']);
    expect(udpInode('127.0.0.21', PORT)).toBe(keptInode);
    await eventually(() => expect(udpInode('127.0.0.23', PORT)).toBeUndefined(), 3000);

    // A new network: its listener opens without a restart (and without SIGHUP).
    writeRecords([...moved, 'net netd 127.0.0.24', 'host netd 127.0.0.35 cnew fresh']);
    const fresh = await eventually(() => ask('127.0.0.24', '127.0.0.35', 'fresh', A, { timeoutMs: 200 }), 3000);
    expect(addresses(fresh)).toEqual(['127.0.0.35']);

    // SIGHUP reloads too, and the file going away keeps the last good table.
    rmSync(join(scratch, 'records'));
    server.child.kill('SIGHUP');
    expect(addresses(await ask('127.0.0.24', '127.0.0.35', 'fresh', A))).toEqual(['127.0.0.35']);
    expect(server.child.exitCode).toBeNull();
  });

  it('starts without a records file and listens once it appears', async () => {
    const server = startServer();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(server.child.exitCode).toBeNull();
    expect(udpInode('127.0.0.21', PORT)).toBeUndefined();
    writeRecords(RECORDS);
    const reply = await eventually(() => ask('127.0.0.21', '127.0.0.31', 'web', A, { timeoutMs: 200 }), 3000);
    expect(addresses(reply).sort()).toEqual(['10.1.0.2', '10.1.0.3']);
    expect(server.stderr()).toBe('');
  });

  it('answers over TCP, local and forwarded names, and truncates long UDP answers', async () => {
    const scaled = Array.from({ length: 40 }, (_, i) => `host neta 10.9.0.${i + 1} big${i} big`);
    await started([...RECORDS, ...scaled]);
    await fakeUpstream();
    const web = await askTcp('127.0.0.21', '127.0.0.31', 'web', A);
    expect(addresses(web).sort()).toEqual(['10.1.0.2', '10.1.0.3']);
    expect(web.aa).toBe(true);
    expect(addresses(await askTcp('127.0.0.21', '127.0.0.31', 'secret', A))).toEqual(['203.0.113.7']);

    const udp = await ask('127.0.0.21', '127.0.0.31', 'big', A);
    expect(udp.tc).toBe(true);
    expect(udp.size).toBeLessThanOrEqual(512);
    expect(udp.answers.length).toBeGreaterThan(20);
    expect(udp.answers.length).toBeLessThan(40);
    const edns = await ask('127.0.0.21', '127.0.0.31', 'big', A, { edns: 4096 });
    expect(edns.tc).toBe(false);
    expect(edns.additional).toBe(1);
    expect(addresses(edns)).toHaveLength(40);
    const tcp = await askTcp('127.0.0.21', '127.0.0.31', 'big', A);
    expect(tcp.tc).toBe(false);
    expect(new Set(addresses(tcp)).size).toBe(40);
  });

  it('ignores malformed packets and keeps answering', async () => {
    const server = await started();
    const upstream = await fakeUpstream();
    const header = (qd: number, flags = 0x0100) => {
      const h = Buffer.alloc(12);
      h.writeUInt16BE(0x4242, 0);
      h.writeUInt16BE(flags, 2);
      h.writeUInt16BE(qd, 4);
      return h;
    };
    const garbage = [
      Buffer.from([1, 2, 3]),
      header(1),
      Buffer.concat([header(1), Buffer.from([0xc0, 0x0c, 0, 1, 0, 1])]), // a pointer to itself
      Buffer.concat([header(1), Buffer.from([3, 0x61, 0x62, 0x63, 0xc0, 0x0e, 0, 1, 0, 1])]), // a pointer back into itself
      Buffer.concat([header(1), Buffer.from([63, 0x61])]), // a label past the end
      Buffer.concat([header(1), Buffer.from([3, 0x77, 0x65, 0x62, 0])]), // no type or class
      Buffer.concat([header(1, 0x8180), encodeName('web'), Buffer.from([0, 1, 0, 1])]), // a response
      Buffer.concat([header(2), encodeName('web'), Buffer.from([0, 1, 0, 1])]),
      Buffer.concat([header(1), ...Array.from({ length: 5 }, () => Buffer.from([63, ...Buffer.alloc(63, 0x61)])), Buffer.from([0, 0, 1, 0, 1])]), // a name over 255 bytes
      Buffer.from(Array.from({ length: 1500 }, (_, i) => (i * 131 + 7) & 0xff)),
    ];
    const socket = await udpSocket('127.0.0.31');
    const answered: Buffer[] = [];
    socket.on('message', (msg) => answered.push(msg));
    for (const packet of garbage) socket.send(packet, PORT, '127.0.0.21');
    expect(addresses(await ask('127.0.0.21', '127.0.0.31', 'web', A)).sort()).toEqual(['10.1.0.2', '10.1.0.3']);
    expect(answered).toEqual([]);
    expect(upstream.seen).toEqual([]);
    // A TCP client sending nonsense is dropped; the server lives on.
    const tcp = net.connect({ host: '127.0.0.21', port: PORT, localAddress: '127.0.0.31' });
    await new Promise<void>((resolve) => {
      tcp.on('error', () => resolve());
      tcp.on('close', () => resolve());
      tcp.write(Buffer.from([0xff, 0xff, 1, 2, 3]));
    });
    expect(addresses(await askTcp('127.0.0.21', '127.0.0.31', 'other', A))).toEqual(['127.0.0.34']);
    expect(server.child.exitCode).toBeNull();
  });

  it('stays under 2 MiB of RSS after a burst of queries, with no terminal and no files of its own', async () => {
    const server = await started();
    await fakeUpstream();
    const names = ['web', 'db', 'shared', 'secret', 'nothere.example', '2.0.1.10.in-addr.arpa'];
    for (let round = 0; round < 20; round++) {
      await Promise.all(names.map((name, i) => ask('127.0.0.21', '127.0.0.31', name, i === 5 ? PTR : A)));
      await askTcp('127.0.0.21', '127.0.0.31', 'web', A);
    }
    const pid = server.child.pid ?? 0;
    const rss = rssKiB(pid);
    console.log(`flotilla-dns VmRSS: ${rss} kB`);
    expect(rss).toBeGreaterThan(0);
    expect(rss).toBeLessThan(2048);
    // Its descriptors: no terminal, nothing written under the state dir.
    const targets = readdirSync(`/proc/${pid}/fd`).map((fd) => {
      try {
        return readlinkSync(`/proc/${pid}/fd/${fd}`);
      } catch {
        return '';
      }
    });
    expect(targets.filter((t) => t.startsWith('/dev/pts') || t.startsWith('/dev/tty'))).toEqual([]);
    expect(readdirSync(scratch)).toEqual(['records']);
  });

  it('keeps at most 1024 forwards pending, failing the rest at once, and stays under 2 MiB with its table full', async () => {
    // An upstream that never answers: every forward waits its full 2 s.
    const server = await started([...RECORDS.filter((l) => !l.startsWith('upstream')), `upstream 127.0.0.42:${UPSTREAM_PORT}`]);
    const socket = await udpSocket('127.0.0.31');
    const replies = new Map<number, Reply>();
    socket.on('message', (msg) => {
      const reply = decode(msg);
      replies.set(reply.id, reply);
    });
    const total = 1100;
    const sendStart = Date.now();
    // In batches, so the server's socket buffer never overflows and drops some.
    for (let id = 0; id < total; id += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, total - id) }, (_, k) => new Promise<void>((resolve) => socket.send(encodeQuery(id + k, `n${id + k}.example`, A), PORT, '127.0.0.21', () => resolve()))),
      );
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    await eventually(() => expect(replies.size).toBe(total - 1024), 1000);
    expect(Date.now() - sendStart).toBeLessThan(1900);
    expect([...replies.values()].every((r) => r.rcode === SERVFAIL)).toBe(true);
    // The ones beyond the table: the last to arrive.
    expect(Math.min(...replies.keys())).toBeGreaterThanOrEqual(1024);
    const rss = rssKiB(server.child.pid ?? 0);
    console.log(`flotilla-dns VmRSS with 1024 forwards pending: ${rss} kB`);
    expect(rss).toBeLessThan(2048);
    // Then each pending one times out into SERVFAIL.
    await eventually(() => expect(replies.size).toBe(total), 5000);
    expect([...replies.values()].every((r) => r.rcode === SERVFAIL && !r.aa)).toBe(true);
  });

  it('exits 0 promptly on SIGTERM and SIGINT', async () => {
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const server = await started();
      const before = Date.now();
      server.child.kill(signal);
      expect(await server.exited).toEqual({ code: 0, signal: null });
      expect(Date.now() - before).toBeLessThan(1000);
      expect(server.stderr()).toBe('');
    }
  });

  it('fails with one line on stderr without a state dir argument', () => {
    const run = spawnSync(binary, [], { encoding: 'utf8' });
    expect(run.status).toBe(1);
    expect(run.stderr.trimEnd().split('\n')).toEqual(['usage: flotilla-dns STATE_DIR']);
  });
});
