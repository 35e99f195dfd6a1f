import { describe, expect, it } from 'vitest';
import { chainRules, jumps, restoreInput, teardownInput } from '../../../networking/firewall/rules.js';
import type { NetworkRecord } from '../../../networking/model.js';

const chains = { forward: 'FLOTILLA-ABC123-FWD', dnat: 'FLOTILLA-ABC123-DNAT', postrouting: 'FLOTILLA-ABC123-POST', raw: 'FLOTILLA-ABC123-RAW' };

function network(name: string, bridge: string, subnet: string, internal = false): NetworkRecord {
  return { id: `${name}-id`, name, driver: 'bridge', created: '', internal, attachable: false, labels: {}, options: {}, subnet, gateway: subnet.replace(/0\/\d+$/, '1'), bridge };
}

const front = network('front', 'fltabc123aaaaaa', '172.30.0.0/16');
const back = network('back', 'fltabc123bbbbbb', '172.31.0.0/16', true);
const state = {
  networks: [front, back],
  endpoints: [{ ip: '172.30.0.2', bridge: front.bridge }, { ip: '172.31.0.2', bridge: back.bridge }],
  ports: [
    { protocol: 'tcp' as const, hostIp: '', hostPort: 8080, containerPort: 80, containerIp: '172.30.0.2', networkId: front.id, bridge: front.bridge },
    { protocol: 'udp' as const, hostIp: '127.0.0.1', hostPort: 5353, containerPort: 53, containerIp: '172.30.0.2', networkId: front.id, bridge: front.bridge },
  ],
};

describe('firewall rules', () => {
  const rules = chainRules(chains, state);

  it('DNATs each published port, bound to the host address asked for', () => {
    expect(rules.nat[0]!.rules).toEqual([
      '-A FLOTILLA-ABC123-DNAT -p tcp -m tcp --dport 8080 -j DNAT --to-destination 172.30.0.2:80',
      '-A FLOTILLA-ABC123-DNAT -d 127.0.0.1/32 -p udp -m udp --dport 5353 -j DNAT --to-destination 172.30.0.2:53',
    ]);
  });

  it('masquerades egress only for networks that have it', () => {
    const post = rules.nat[1]!.rules;
    expect(post).toContain('-A FLOTILLA-ABC123-POST -s 172.30.0.0/16 ! -o fltabc123aaaaaa -j MASQUERADE');
    expect(post.some((r) => r.includes('-s 172.31.0.0/16 ! -o'))).toBe(false);
  });

  it('lets a network talk inside, accepts published ports, drops the rest, and keeps internal networks in', () => {
    const forward = rules.filter[0]!.rules;
    const frontRules = forward.filter((r) => r.includes(front.bridge));
    expect(frontRules).toEqual([
      '-A FLOTILLA-ABC123-FWD -o fltabc123aaaaaa -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT',
      '-A FLOTILLA-ABC123-FWD -i fltabc123aaaaaa -o fltabc123aaaaaa -j ACCEPT',
      '-A FLOTILLA-ABC123-FWD -d 172.30.0.2/32 ! -i fltabc123aaaaaa -o fltabc123aaaaaa -p tcp -m tcp --dport 80 -j ACCEPT',
      '-A FLOTILLA-ABC123-FWD -d 172.30.0.2/32 ! -i fltabc123aaaaaa -o fltabc123aaaaaa -p udp -m udp --dport 53 -j ACCEPT',
      '-A FLOTILLA-ABC123-FWD -o fltabc123aaaaaa -j DROP',
      '-A FLOTILLA-ABC123-FWD -i fltabc123aaaaaa -j ACCEPT',
    ]);
    expect(forward.at(-1)).toBe('-A FLOTILLA-ABC123-FWD -i fltabc123bbbbbb -j DROP');
  });

  it('guards container addresses and loopback-published ports in the raw table', () => {
    expect(rules.raw[0]!.rules).toEqual([
      '-A FLOTILLA-ABC123-RAW -d 172.30.0.2/32 ! -i fltabc123aaaaaa -j DROP',
      '-A FLOTILLA-ABC123-RAW -d 172.31.0.2/32 ! -i fltabc123bbbbbb -j DROP',
      '-A FLOTILLA-ABC123-RAW -d 127.0.0.1/32 ! -i lo -p udp -m udp --dport 5353 -j DROP',
    ]);
  });

  it('is the same text every time, declares (so flushes) our chains, and inserts only the missing jumps', () => {
    const missing = jumps(chains).filter((j) => j.table === 'nat');
    const input = restoreInput(chains, state, missing);
    expect(input).toBe(restoreInput(chains, state, missing));
    expect(input.match(/^:FLOTILLA-ABC123-\w+ - \[0:0\]$/gm)).toHaveLength(4);
    expect(input.match(/^-I /gm)).toHaveLength(3);
    expect(input).toContain('-I OUTPUT 1 -m addrtype --dst-type LOCAL -j FLOTILLA-ABC123-DNAT');
    expect(input.match(/^COMMIT$/gm)).toHaveLength(3);
  });

  it('tears down the jumps found, then the chains', () => {
    const present = jumps(chains).filter((j) => j.table === 'filter');
    const input = teardownInput(chains, present);
    const filter = input.slice(input.indexOf('*filter'), input.indexOf('*nat'));
    expect(filter.split('\n').filter(Boolean)).toEqual(['*filter', ':FLOTILLA-ABC123-FWD - [0:0]', '-D FORWARD -j FLOTILLA-ABC123-FWD', '-X FLOTILLA-ABC123-FWD', 'COMMIT']);
  });
});
