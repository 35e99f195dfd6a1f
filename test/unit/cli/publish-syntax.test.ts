import { describe, expect, it } from 'vitest';
import { parsePublish } from '../../../cli/commands/publish-syntax.js';

describe('parsePublish (docker -p)', () => {
  it.each([
    ['80', [{ containerPort: 80, protocol: 'tcp' }]],
    ['8080:80', [{ containerPort: 80, protocol: 'tcp', hostPort: 8080 }]],
    ['127.0.0.1:8080:80/udp', [{ containerPort: 80, protocol: 'udp', hostPort: 8080, hostIp: '127.0.0.1' }]],
    ['127.0.0.1::80', [{ containerPort: 80, protocol: 'tcp', hostIp: '127.0.0.1' }]],
    ['0.0.0.0:8080:80', [{ containerPort: 80, protocol: 'tcp', hostPort: 8080 }]],
    ['8080-8081:80-81', [{ containerPort: 80, protocol: 'tcp', hostPort: 8080 }, { containerPort: 81, protocol: 'tcp', hostPort: 8081 }]],
    ['80-81/udp', [{ containerPort: 80, protocol: 'udp' }, { containerPort: 81, protocol: 'udp' }]],
    ['9000-9010:80', [{ containerPort: 80, protocol: 'tcp', hostPort: 9000, hostPortEnd: 9010 }]],
  ])('%s', (spec, expected) => {
    expect(parsePublish(spec)).toEqual(expected);
  });

  it.each([
    ['8080:80/sctp', /sctp is not supported/],
    ['8080-8082:80-81', /host range has 3 ports and the container range 2/],
    ['70000:80', /out of range/],
    ['a:80', /not a number or range/],
    ['[::1]:8080:80', /IPv6 publishing is not supported/],
    ['1:2:3:4', /too many colons/],
  ])('refuses %s', (spec, message) => {
    expect(() => parsePublish(spec)).toThrow(message);
  });
});
