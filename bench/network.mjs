// Networking figures, side by side in one run: attaching a container to a
// network in process (namespace, veth, address, routes, DNS records); the
// links alone made by flotilla-netlink against two `ip -batch` runs;
// TCP connection setup and bulk throughput between two container namespaces
// against the same over host loopback; DNS lookups of a service name.
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { attachContainer, createNetwork, MTU_OPTION, releaseContainer, removeNetworks } from '../dist/networking/index.js';
import { netnsName } from '../dist/networking/layout.js';
import { linkCommandsArgv } from '../dist/networking/link-commands.js';

// One script, two roles: a server (echo for connects, sink for bulk) and a
// client that measures; run inside a namespace with `ip netns exec`.
const probe = `
const net = require('net');
const dgram = require('dgram');
const [role, host, port, extra] = process.argv.slice(1);
const now = () => Number(process.hrtime.bigint()) / 1e6;
if (role === 'server') {
  net.createServer((s) => s.on('data', (d) => { if (d.length < 64) s.write(d); }).on('error', () => {})).listen(Number(port), host, () => console.log('ready'));
} else if (role === 'connect') {
  (async () => {
    const times = [];
    for (let i = 0; i < Number(extra); i++) {
      const start = now();
      await new Promise((ok, fail) => { const s = net.connect(Number(port), host, () => { times.push(now() - start); s.destroy(); ok(); }); s.on('error', fail); });
    }
    console.log(JSON.stringify(times));
  })();
} else if (role === 'bulk') {
  const total = Number(extra) * 1024 * 1024;
  const chunk = Buffer.alloc(1 << 20);
  const start = now();
  const s = net.connect(Number(port), host, () => {
    let sent = 0;
    const pump = () => { while (sent < total) { sent += chunk.length; if (!s.write(chunk)) return s.once('drain', pump); } s.end(); };
    pump();
  });
  // Reading keeps the socket active until the server's FIN: a socket that
  // neither reads nor writes would let the process exit before 'close'.
  s.resume();
  s.on('close', () => console.log(JSON.stringify([(total / 1024 / 1024) / ((now() - start) / 1000)])));
} else if (role === 'dns') {
  const sock = dgram.createSocket('udp4');
  const name = extra;
  const query = (id) => { const labels = name.split('.').map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l)])); return Buffer.concat([Buffer.from([id >> 8, id & 255, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0]), ...labels, Buffer.from([0, 0, 1, 0, 1])]); };
  const times = [];
  let i = 0;
  const next = () => {
    if (i === 200) { console.log(JSON.stringify(times.slice(20))); sock.close(); return; }
    const start = now();
    sock.once('message', () => { times.push(now() - start); i++; next(); });
    sock.send(query(i), 53, host);
  };
  next();
}`;

function inNetns(netns, args, opts = {}) {
  const prefix = netns ? ['ip', 'netns', 'exec', netns] : [];
  return [...prefix, process.execPath, '-e', probe, ...args];
}

function runJson(netns, args) {
  const cmd = inNetns(netns, args);
  const result = spawnSync(cmd[0], cmd.slice(1), { encoding: 'utf8', timeout: 120_000 });
  if (result.status !== 0 || !result.stdout.trim()) throw new Error(`${args[0]} failed (status ${result.status}, signal ${result.signal}): ${result.stderr}`);
  return JSON.parse(result.stdout.trim());
}

async function startServer(netns, host, port) {
  const cmd = inNetns(netns, ['server', host, String(port)]);
  const child = spawn(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => child.stdout.once('data', resolve));
  return child;
}

/**
 * A container's links (namespace, veth into it on a bridge with hairpin,
 * loopback and eth0 up, address, default route) made by one
 * flotilla-netlink run against the two `ip -batch` runs (host side, then
 * inside) they took before, alternately on a bridge of the bench's own.
 */
function benchLinkHelper(median, runs) {
  const [helper] = linkCommandsArgv([]);
  const bridge = `flbench${process.pid % 10000}`;
  const run = (program, args, input) => {
    const start = performance.now();
    const result = spawnSync(program, args, { input, encoding: 'utf8' });
    if (result.status !== 0) throw new Error(`${program} ${args.join(' ')} failed: ${result.stderr}`);
    return performance.now() - start;
  };
  const host = (i) => [`netns add flbench-${i}`, `link add flbv${i} type veth peer name eth0 address 02:42:0a:d7:00:05 netns flbench-${i}`, `link set flbv${i} master ${bridge} up`, `link set flbv${i} type bridge_slave hairpin on`];
  const inside = ['link set lo up', 'addr add 10.215.0.5/24 broadcast + dev eth0', 'link set eth0 up', 'route add default via 10.215.0.1 dev eth0'];
  const batch = (lines) => `${lines.join('\n')}\n`;
  const times = { helper: [], ip: [] };
  run(helper, [], batch([`link add ${bridge} type bridge`, `addr add 10.215.0.1/24 dev ${bridge}`, `link set ${bridge} up`]));
  try {
    for (let i = 0; i < runs; i++) {
      const [a, b] = [2 * i, 2 * i + 1];
      times.ip.push(run('ip', ['-batch', '-'], batch(host(a))) + run('ip', ['-n', `flbench-${a}`, '-batch', '-'], batch(inside)));
      times.helper.push(run(helper, [], batch([...host(b), ...inside.map((line) => `-n flbench-${b} ${line}`)])));
      for (const n of [a, b]) run(helper, ['-force'], batch([`link del flbv${n}`, `netns del flbench-${n}`]));
    }
  } finally {
    spawnSync(helper, ['-force', `link del ${bridge}`]);
  }
  const [h, ip] = [median(times.helper), median(times.ip)];
  console.log(`a container's links alone, spawned from node: flotilla-netlink median ${h.toFixed(1)} ms, two ip -batch runs ${ip.toFixed(1)} ms (${(ip / h).toFixed(1)}x), over ${runs} runs each`);
}

function spec(dir, id, name, network) {
  mkdirSync(dir, { recursive: true });
  const hostsFile = join(dir, `${id}-hosts`);
  const resolvConfFile = join(dir, `${id}-resolv`);
  writeFileSync(hostsFile, '');
  writeFileSync(resolvConfFile, '');
  return { id, name, hostname: name, networks: [{ network, aliases: [name] }], ports: [], links: [], extraHosts: [], hostsFile, resolvConfFile };
}

export async function benchNetwork(dir, median, runs = 15) {
  const root = join(dir, 'network-root');
  const files = join(dir, 'network-files');
  const network = await createNetwork(root, 'bench');
  // The same pair on a network with loopback's MTU: shows how much of the
  // gap to loopback is the 1500-byte MTU (segment size) alone.
  await createNetwork(root, 'bench-jumbo', { options: { [MTU_OPTION]: '65520' } });
  const servers = [];
  try {
    const attachTimes = [];
    for (let i = 0; i < runs; i++) {
      const id = `${String(i).padStart(2, '0')}`.padEnd(64, 'a');
      const start = performance.now();
      await attachContainer(root, spec(files, id, `c${i}`, 'bench'));
      attachTimes.push(performance.now() - start);
      await releaseContainer(root, id);
    }
    console.log(`attach a container without published ports to a network (netns, veth, address, routes, DNS records; no iptables change), in process: median ${median(attachTimes).toFixed(1)} ms over ${runs} runs`);
    benchLinkHelper(median, runs);

    const server = spec(files, 'b'.repeat(64), 'server', 'bench');
    const client = spec(files, 'c'.repeat(64), 'client', 'bench');
    await attachContainer(root, server);
    await attachContainer(root, client);
    const serverIp = (await import('../dist/networking/index.js')).attachmentOf(root, server.id).endpoints[0].ip;
    const [serverNs, clientNs] = [netnsName(root, server.id), netnsName(root, client.id)];
    servers.push(await startServer(serverNs, serverIp, 7000));
    servers.push(await startServer(undefined, '127.0.0.1', 17000));

    const jumboServer = spec(files, 'd'.repeat(64), 'jumbo-server', 'bench-jumbo');
    const jumboClient = spec(files, 'e'.repeat(64), 'jumbo-client', 'bench-jumbo');
    await attachContainer(root, jumboServer);
    await attachContainer(root, jumboClient);
    const jumboIp = (await import('../dist/networking/index.js')).attachmentOf(root, jumboServer.id).endpoints[0].ip;
    const jumboNs = netnsName(root, jumboClient.id);
    servers.push(await startServer(netnsName(root, jumboServer.id), jumboIp, 7000));

    const connects = { container: [], loopback: [] };
    const bulk = { container: [], loopback: [], jumbo: [] };
    // Throughput swings with the machine's other load: each round measures
    // both paths back to back, and their ratio is taken round by round.
    const rounds = 11;
    for (let i = 0; i < rounds; i++) {
      connects.container.push(...runJson(clientNs, ['connect', serverIp, '7000', '200']).slice(20));
      connects.loopback.push(...runJson(undefined, ['connect', '127.0.0.1', '17000', '200']).slice(20));
      bulk.container.push(...runJson(clientNs, ['bulk', serverIp, '7000', '512']));
      bulk.loopback.push(...runJson(undefined, ['bulk', '127.0.0.1', '17000', '512']));
      bulk.jumbo.push(...runJson(jumboNs, ['bulk', jumboIp, '7000', '512']));
    }
    const [cc, cl] = [median(connects.container), median(connects.loopback)];
    console.log(`TCP connection setup: container to container median ${(cc * 1000).toFixed(0)} us, host loopback ${(cl * 1000).toFixed(0)} us (${(cc / cl).toFixed(2)}x)`);
    const [bc, bl] = [median(bulk.container), median(bulk.loopback)];
    const ratio = (series) => median(series.map((v, i) => v / bulk.loopback[i]));
    console.log(`bulk TCP throughput (512 MiB, ${rounds} rounds): container to container median ${bc.toFixed(0)} MiB/s, host loopback ${bl.toFixed(0)} MiB/s; median ratio per round ${ratio(bulk.container).toFixed(2)}x (target >= 0.8x)`);
    const bj = median(bulk.jumbo);
    console.log(`  the same on a network with MTU 65520 (loopback's): ${bj.toFixed(0)} MiB/s; median ratio per round ${ratio(bulk.jumbo).toFixed(2)}x loopback`);

    const dns = runJson(clientNs, ['dns', network.gateway, '0', 'server']);
    const sorted = [...dns].sort((a, b) => a - b);
    console.log(`DNS lookup of a container name from a container: p50 ${(median(dns) * 1000).toFixed(0)} us, p99 ${(sorted[Math.floor(sorted.length * 0.99)] * 1000).toFixed(0)} us over ${dns.length} queries (target p50 < 1 ms)`);
  } finally {
    for (const s of servers) s.kill('SIGKILL');
    // Whatever was attached goes, so that the network can go too.
    for (const c of 'bcde') await releaseContainer(root, c.repeat(64));
    await removeNetworks(root, ['bench', 'bench-jumbo']);
  }
}
