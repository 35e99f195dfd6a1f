// flotilla-netlink, networking's link helper, on its own: each command form
// it takes is read back from the kernel with iproute2, and its failures
// name the command. Uses a bridge and namespaces of its own.
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtBinary } from '../../networking/built-binary.js';

const isRoot = process.getuid?.() === 0;
const tag = `n${process.pid.toString(36).slice(-4)}`;
const bridge = `${tag}br`;
const veth = `${tag}v0`;
const netns = `flotilla-test-${tag}`;

function helper(args: string[], input?: string) {
  return spawnSync(builtBinary('netlink/flotilla-netlink', undefined, 'flotilla-netlink'), args, { encoding: 'utf8', ...(input !== undefined && { input }) });
}

function ipJson(args: string[]): Array<Record<string, unknown>> {
  return JSON.parse(execFileSync('ip', ['-j', ...args], { encoding: 'utf8' })) as Array<Record<string, unknown>>;
}

function cleanUp(): void {
  spawnSync('ip', ['netns', 'del', netns]);
  spawnSync('ip', ['link', 'del', veth]);
  spawnSync('ip', ['link', 'del', bridge]);
}

describe.runIf(isRoot)('flotilla-netlink', () => {
  beforeEach(cleanUp);
  afterEach(cleanUp);

  it('makes a bridge, a namespace, a veth into it, its address and route, as ip would', () => {
    const made = helper([], [
      `link add ${bridge} address 02:aa:bb:cc:dd:01 mtu 1400 type bridge`,
      `addr add 10.214.7.1/24 broadcast + dev ${bridge}`,
      `link set ${bridge} up`,
      `netns add ${netns}`,
      `link add ${veth} mtu 1400 type veth peer name eth0 mtu 1400 address 02:42:0a:d6:07:05 netns ${netns}`,
      `link set ${veth} master ${bridge} up`,
      `link set ${veth} type bridge_slave hairpin on`,
      `-n ${netns} link set lo up`,
      `-n ${netns} addr add 10.214.7.5/24 broadcast + dev eth0`,
      `-n ${netns} link set eth0 up`,
      `-n ${netns} route add default via 10.214.7.1 dev eth0`,
    ].join('\n'));
    expect([made.status, made.stderr]).toEqual([0, '']);

    const [br] = ipJson(['-d', 'link', 'show', bridge]);
    expect(br).toMatchObject({ address: '02:aa:bb:cc:dd:01', mtu: 1400, linkinfo: { info_kind: 'bridge' } });
    expect(ipJson(['addr', 'show', bridge])[0]!['addr_info']).toContainEqual(expect.objectContaining({ local: '10.214.7.1', prefixlen: 24, broadcast: '10.214.7.255' }));
    const [host] = ipJson(['-d', 'link', 'show', veth]);
    expect(host).toMatchObject({ mtu: 1400, master: bridge, linkinfo: { info_kind: 'veth', info_slave_kind: 'bridge', info_slave_data: { hairpin: true } } });
    expect(host!['flags']).toContain('UP');

    const [eth0] = ipJson(['-n', netns, 'addr', 'show', 'eth0']);
    expect(eth0).toMatchObject({ address: '02:42:0a:d6:07:05', mtu: 1400 });
    expect(eth0!['flags']).toContain('UP');
    expect(eth0!['addr_info']).toContainEqual(expect.objectContaining({ local: '10.214.7.5', prefixlen: 24, broadcast: '10.214.7.255' }));
    expect(ipJson(['-n', netns, 'link', 'show', 'lo'])[0]!['flags']).toContain('UP');
    expect(ipJson(['-n', netns, 'route', 'show', 'default'])).toEqual([expect.objectContaining({ dst: 'default', gateway: '10.214.7.1', dev: 'eth0' })]);

    // And away again: the namespace with the veth's container end, the host end with it.
    expect(helper(['-force', `link del ${veth}`, `netns del ${netns}`, `link del ${bridge}`]).status).toBe(0);
    expect(existsSync(`/run/netns/${netns}`)).toBe(false);
    expect(existsSync(`/sys/class/net/${bridge}`)).toBe(false);
  });

  it('stops at the first command that fails, naming it; -force goes on and succeeds', () => {
    const batch = [`link add ${bridge} type bridge`, `link set ${tag}nope up`, `link set ${bridge} up`];
    const stopped = helper(batch);
    expect(stopped.status).toBe(1);
    expect(stopped.stderr).toBe(`network setup failed: link set ${tag}nope up: no interface ${tag}nope\n`);
    // The line after it did not run.
    expect(ipJson(['link', 'show', bridge])[0]!['flags']).not.toContain('UP');

    execFileSync('ip', ['link', 'del', bridge]);
    const forced = helper(['-force', ...batch]);
    expect([forced.status, forced.stderr]).toEqual([0, '']);
    expect(ipJson(['link', 'show', bridge])[0]!['flags']).toContain('UP');
  });

  it('refuses what it does not know, even with -force, before touching anything', () => {
    for (const line of ['link set x down', 'route add 10.0.0.0/8 via 10.0.0.1 dev x', 'addr add 10.1.1.1 dev x', 'netns add ../etc', 'tunnel add x']) {
      const refused = helper(['-force', line]);
      expect(refused.status, line).toBe(1);
      expect(refused.stderr, line).toMatch(new RegExp(`^network setup failed: ${line.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: `));
    }
    expect(helper(['-force', `netns add ${tag}/x`]).stderr).toMatch(/bad namespace name/);
  });

  it('mounts a namespace over the empty file that stood for it, but never over another namespace', () => {
    execFileSync('mkdir', ['-p', '/run/netns']);
    closeSync(openSync(`/run/netns/${netns}`, 'a'));
    expect(helper([`netns add ${netns}`]).status).toBe(0);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).toContain(` /run/netns/${netns} `);
    const again = helper([`netns add ${netns}`]);
    expect([again.status, again.stderr]).toEqual([1, `network setup failed: netns add ${netns}: create network namespace ${netns}: File exists\n`]);
    // Still the namespace it was, usable.
    expect(helper([`-n ${netns} link set lo up`]).status).toBe(0);
    expect(helper([`netns del ${netns}`]).status).toBe(0);
    expect(existsSync(`/run/netns/${netns}`)).toBe(false);
    expect(readFileSync('/proc/self/mountinfo', 'utf8')).not.toContain(` /run/netns/${netns} `);
  });
});
