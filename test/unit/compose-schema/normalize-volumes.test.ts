import { describe, expect, it } from 'vitest';
import { At } from '../../../compose-schema/normalize-context.js';
import { isFilePath, normalizeVolumes, parseShortVolume } from '../../../compose-schema/normalize-volumes.js';
import { formatPath, type Tree, type TreePath } from '../../../compose-schema/tree.js';

const locate = (path: TreePath) => ({ file: formatPath(path), line: 1, column: 1 });
const volumes = (items: Tree[], warnings: string[] = []) =>
  normalizeVolumes(items, new At(['services', 'web', 'volumes'], { locate, onWarning: (w) => warnings.push(w) }));

describe('short volume syntax', () => {
  it.each<[string, object]>([
    ['/srv/data:/data', { type: 'bind', source: '/srv/data', target: '/data', bind: { create_host_path: true } }],
    ['/srv/data:/data:ro', { type: 'bind', source: '/srv/data', target: '/data', read_only: true, bind: { create_host_path: true } }],
    ['/srv/data:/data:rw', { type: 'bind', source: '/srv/data', target: '/data', bind: { create_host_path: true } }],
    ['/srv:/srv:ro,z', { type: 'bind', source: '/srv', target: '/srv', read_only: true, bind: { selinux: 'z', create_host_path: true } }],
    ['/srv:/srv:Z,rshared', { type: 'bind', source: '/srv', target: '/srv', bind: { selinux: 'Z', propagation: 'rshared', create_host_path: true } }],
    ['~/x:/x', { type: 'bind', source: '~/x', target: '/x', bind: { create_host_path: true } }],
    ['./x:/x:cached', { type: 'bind', source: './x', target: '/x', bind: { create_host_path: true } }],
    ['data:/data', { type: 'volume', source: 'data', target: '/data', volume: {} }],
    ['data:/data:nocopy,ro', { type: 'volume', source: 'data', target: '/data', read_only: true, volume: { nocopy: true } }],
    ['/cache', { type: 'volume', target: '/cache', volume: {} }],
    ['/a', { type: 'volume', target: '/a', volume: {} }],
    ['data:/x/../data/', { type: 'volume', source: 'data', target: '/data', volume: {} }],
    // As in compose, an option is applied before the type is known.
    ['/srv:/srv:nocopy', { type: 'bind', source: '/srv', target: '/srv', volume: { nocopy: true }, bind: { create_host_path: true } }],
    ['C:\\data:/data', { type: 'bind', source: 'C:\\data', target: '/data', bind: { create_host_path: true } }],
  ])('reads %j', (spec, expected) => expect(volumes([spec])).toStrictEqual([expected]));

  it('warns about an option it ignores', () => {
    const warnings: string[] = [];
    expect(volumes(['data:/d:bogus'], warnings)).toEqual([{ type: 'volume', source: 'data', target: '/d', volume: {} }]);
    expect(warnings).toEqual(['services.web.volumes[0]: unknown volume option "bogus" is ignored']);
  });

  it.each([
    ['', 'invalid volume "": empty volume specification'],
    ['ab::/b', 'invalid volume "ab::/b": empty section between colons'],
    ['/a:', 'invalid volume "/a:": empty section between colons'],
    ['ab:/b:ro:x', 'invalid volume "ab:/b:ro:x": too many colons'],
  ])('refuses %j', (spec, message) => {
    expect(() => volumes(['/ok', spec])).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_INVALID_VALUE', message: `services.web.volumes[1]: ${message}`, pos: { file: 'services.web.volumes[1]', line: 1, column: 1 } }),
    );
  });

  it('splits a spec without judging it', () => {
    expect(parseShortVolume('ab:/b:ro,z')).toEqual({ source: 'ab', target: '/b', options: ['ro', 'z'] });
    expect(parseShortVolume('ab')).toEqual({ source: '', target: 'ab', options: [] });
    // A single letter before a colon reads as a Windows drive, as in compose.
    expect(parseShortVolume('a:b')).toEqual({ source: '', target: 'a:b', options: [] });
    expect(parseShortVolume('a:/b:ro')).toEqual({ source: 'a:/b', target: 'ro', options: [] });
    expect([isFilePath('./a'), isFilePath('/a'), isFilePath('~'), isFilePath('\\\\pipe'), isFilePath('D:\\'), isFilePath('data'), isFilePath('')]).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('long volume syntax', () => {
  it('cleans the target, defaults create_host_path under bind and reads tmpfs units', () => {
    expect(
      volumes([
        { type: 'bind', source: '/s', target: '/t/', bind: { propagation: 'slave' } },
        { type: 'bind', source: '/s', target: '/u', bind: { create_host_path: false } },
        { type: 'bind', source: '/s', target: '/v' },
        { type: 'tmpfs', target: '/tmp', tmpfs: { size: '64m', mode: '01777' } },
        { type: 'tmpfs', target: '/run', tmpfs: { size: 1024, mode: 448 } },
        { type: 'volume', source: 'v', target: '/w', volume: { subpath: 'x' }, 'x-note': 1 },
      ]),
    ).toEqual([
      { type: 'bind', source: '/s', target: '/t', bind: { propagation: 'slave', create_host_path: true } },
      { type: 'bind', source: '/s', target: '/u', bind: { create_host_path: false } },
      { type: 'bind', source: '/s', target: '/v' },
      { type: 'tmpfs', target: '/tmp', tmpfs: { size: 64 * 2 ** 20, mode: 0o1777 } },
      { type: 'tmpfs', target: '/run', tmpfs: { size: 1024, mode: 448 } },
      { type: 'volume', source: 'v', target: '/w', volume: { subpath: 'x' }, 'x-note': 1 },
    ]);
  });

  it('refuses a bad tmpfs size', () => {
    expect(() => volumes([{ type: 'tmpfs', target: '/t', tmpfs: { size: 'big' } }])).toThrow(
      expect.objectContaining({
        message: 'services.web.volumes[0].tmpfs.size: invalid size "big": use a number of bytes or a unit like "512m" or "1g"',
        pos: { file: 'services.web.volumes[0].tmpfs.size', line: 1, column: 1 },
      }),
    );
  });
});
