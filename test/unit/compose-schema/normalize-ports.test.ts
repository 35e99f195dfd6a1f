import { describe, expect, it } from 'vitest';
import { At } from '../../../compose-schema/normalize-context.js';
import { normalizePorts } from '../../../compose-schema/normalize-ports.js';
import { formatPath, type Tree, type TreePath } from '../../../compose-schema/tree.js';

// Positions name the path they were asked for, so a test sees which node an error points at.
const locate = (path: TreePath) => ({ file: formatPath(path), line: 1, column: 1 });
const ports = (...items: Tree[]) => normalizePorts(items, new At(['services', 'web', 'ports'], { locate }));

describe('short port syntax', () => {
  it.each<[Tree, object[]]>([
    [80, [{ mode: 'ingress', target: 80, protocol: 'tcp' }]],
    ['80', [{ mode: 'ingress', target: 80, protocol: 'tcp' }]],
    ['8080:80', [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }]],
    ['127.0.0.1:8080:80', [{ mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'tcp' }]],
    ['127.0.0.1::53/udp', [{ mode: 'ingress', host_ip: '127.0.0.1', target: 53, protocol: 'udp' }]],
    ['[::1]:80:80', [{ mode: 'ingress', host_ip: '::1', target: 80, published: '80', protocol: 'tcp' }]],
    ['::1:80:80', [{ mode: 'ingress', host_ip: '::1', target: 80, published: '80', protocol: 'tcp' }]],
    ['53:53/UDP', [{ mode: 'ingress', target: 53, published: '53', protocol: 'udp' }]],
    ['9/sctp', [{ mode: 'ingress', target: 9, protocol: 'sctp' }]],
    ['0:80', [{ mode: 'ingress', target: 80, published: '0', protocol: 'tcp' }]],
    [
      '9000-9001:90-91',
      [
        { mode: 'ingress', target: 90, published: '9000', protocol: 'tcp' },
        { mode: 'ingress', target: 91, published: '9001', protocol: 'tcp' },
      ],
    ],
    ['9090-9091:8080', [{ mode: 'ingress', target: 8080, published: '9090-9091', protocol: 'tcp' }]],
    [
      // compose sorts by the text "target/protocol": 10 before 8.
      '8-10',
      [
        { mode: 'ingress', target: 10, protocol: 'tcp' },
        { mode: 'ingress', target: 8, protocol: 'tcp' },
        { mode: 'ingress', target: 9, protocol: 'tcp' },
      ],
    ],
  ])('reads %j', (spec, expected) => expect(ports(spec)).toStrictEqual(expected));

  it.each([
    ['80800:80', 'invalid port "80800:80"'],
    ['80:80/ftp', 'invalid port "80:80/ftp": unknown protocol "ftp"'],
    ['8000-8002:80-81', 'invalid port "8000-8002:80-81": the host range 8000-8002 and the container range 80-81 differ in size'],
    ['8080:80-81', 'invalid port "8080:80-81": the host range 8080 and the container range 80-81 differ in size'],
    ['1.2.3:80:80', 'invalid port "1.2.3:80:80": bad IP address "1.2.3"'],
    ['80:', 'invalid port "80:": no container port'],
    ['81-80', 'invalid port "81-80"'],
    ['http', 'invalid port "http"'],
    ['-1', 'invalid port "-1"'],
  ])('refuses %j', (spec, message) => {
    expect(() => ports(spec)).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_INVALID_VALUE', message: `services.web.ports[0]: ${message}`, pos: { file: 'services.web.ports[0]', line: 1, column: 1 } }),
    );
  });
});

describe('long port syntax', () => {
  it('fills mode and protocol and writes published as text', () => {
    expect(ports({ target: 80, published: 8080 }, { name: 'web', target: '81', host_ip: '::', published: '9000-9001', mode: 'host', protocol: 'udp', app_protocol: 'http' })).toEqual([
      { mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' },
      { name: 'web', host_ip: '::', mode: 'host', target: 81, published: '9000-9001', protocol: 'udp', app_protocol: 'http' },
    ]);
  });

  it('keeps the long and short forms in their written order', () => {
    expect(ports('1:1', { target: 2 }, 3).map((p) => p.target)).toEqual([1, 2, 3]);
  });

  it.each<[Tree, string]>([
    [{ target: 70000 }, 'services.web.ports[0].target: invalid port "70000"'],
    [{ target: 80, published: 'abc' }, 'services.web.ports[0].published: invalid port "abc"'],
  ])('refuses %j', (spec, message) => {
    expect(() => ports(spec)).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_INVALID_VALUE', message }));
  });
});
