import { describe, expect, it } from 'vitest';
import { formatIPv4, formatSubnet, overlaps, parseIPv4, parseSubnet } from '../../../networking/cidr.js';
import { allocateAddress, checkStaticAddress, chooseSubnet, defaultGateway } from '../../../networking/ipam.js';

const subnet = (text: string) => parseSubnet(text);

describe('cidr', () => {
  it('parses and formats addresses and subnets', () => {
    expect(formatIPv4(parseIPv4('172.18.0.1')!)).toBe('172.18.0.1');
    expect(parseIPv4('256.0.0.1')).toBeUndefined();
    expect(parseIPv4('1.2.3')).toBeUndefined();
    expect(formatSubnet(subnet('10.0.0.0/8'))).toBe('10.0.0.0/8');
    expect(() => parseSubnet('10.0.0.1/8')).toThrow(/host bits are set \(did you mean 10.0.0.0\/8\?\)/);
    expect(() => parseSubnet('10.0.0.0/33')).toThrow(/IPv4 CIDR/);
  });

  it('tells overlapping subnets apart', () => {
    expect(overlaps(subnet('172.17.0.0/16'), subnet('172.17.5.0/24'))).toBe(true);
    expect(overlaps(subnet('172.17.0.0/16'), subnet('172.18.0.0/16'))).toBe(false);
    expect(overlaps(subnet('0.0.0.0/0'), subnet('192.168.1.0/24'))).toBe(true);
  });
});

describe('chooseSubnet', () => {
  it('takes the first pool subnet nothing occupies', () => {
    expect(formatSubnet(chooseSubnet([]))).toBe('172.17.0.0/16');
    expect(formatSubnet(chooseSubnet([subnet('172.17.0.0/16'), subnet('172.18.3.0/24')]))).toBe('172.19.0.0/16');
  });

  it('skips a host route that covers several pool subnets, then moves to 192.168 /20s', () => {
    expect(formatSubnet(chooseSubnet([subnet('172.16.0.0/12')]))).toBe('192.168.0.0/20');
    expect(formatSubnet(chooseSubnet([subnet('172.16.0.0/12'), subnet('192.168.0.0/20'), subnet('192.168.17.0/24')]))).toBe('192.168.32.0/20');
  });

  it('fails with a clear error when every pool is used', () => {
    expect(() => chooseSubnet([subnet('172.16.0.0/12'), subnet('192.168.0.0/16')])).toThrow(/address pools have been fully subnetted/);
  });
});

describe('allocateAddress', () => {
  const net = subnet('10.9.0.0/29'); // .1 gateway, .2-.6 hosts, .7 broadcast
  const gw = defaultGateway(net);

  it('hands out the lowest free host address, never the gateway, network or broadcast address', () => {
    expect(formatIPv4(allocateAddress(net, gw, new Set()))).toBe('10.9.0.2');
    const taken = new Set([parseIPv4('10.9.0.2')!, parseIPv4('10.9.0.3')!]);
    expect(formatIPv4(allocateAddress(net, gw, taken))).toBe('10.9.0.4');
  });

  it('stays inside ip_range and reports exhaustion', () => {
    const big = subnet('10.10.0.0/16');
    expect(formatIPv4(allocateAddress(big, defaultGateway(big), new Set(), subnet('10.10.5.0/24')))).toBe('10.10.5.0');
    const all = new Set([2, 3, 4, 5, 6].map((n) => parseIPv4(`10.9.0.${n}`)!));
    expect(() => allocateAddress(net, gw, all)).toThrow(/no free address left in 10.9.0.0\/29/);
  });

  it('checks static addresses: inside, not the gateway, not taken', () => {
    const taken = new Map([[parseIPv4('10.9.0.3')!, 'db']]);
    expect(() => checkStaticAddress(net, gw, taken, parseIPv4('10.9.0.4')!, 'back')).not.toThrow();
    expect(() => checkStaticAddress(net, gw, taken, parseIPv4('10.9.0.3')!, 'back')).toThrow(/already in use by container db/);
    expect(() => checkStaticAddress(net, gw, taken, gw, 'back')).toThrow(/gateway/);
    expect(() => checkStaticAddress(net, gw, taken, parseIPv4('10.9.0.7')!, 'back')).toThrow(/not a usable host address/);
    expect(() => checkStaticAddress(net, gw, taken, parseIPv4('10.9.1.2')!, 'back')).toThrow(/not a usable host address/);
  });
});
