// Volume names, drivers and local driver options as docker accepts them.
import { describe, expect, it } from 'vitest';
import { EngineErrorCode } from '../../../../errors.js';
import { checkDriver, checkDriverOptions, checkVolumeName, isValidVolumeName, randomVolumeName } from '../../../../engine/volumes/names.js';
import { rfc3339 } from '../../../../engine/volumes/record.js';

describe('volume names', () => {
  it('follows docker\'s rule: an alphanumeric then at least one of [a-zA-Z0-9_.-]', () => {
    for (const ok of ['db', 'my_data', 'web.cache-1', 'A1', '0.x']) expect(isValidVolumeName(ok), ok).toBe(true);
    for (const bad of ['a', '', '_data', '.hidden', '-x', 'a/b', '../up', 'with space', 'é1', '/abs']) expect(isValidVolumeName(bad), bad).toBe(false);
  });

  it('names the rejected volume in the error', () => {
    expect(() => checkVolumeName('a/b')).toThrow(expect.objectContaining({ code: EngineErrorCode.InvalidConfig, message: expect.stringContaining('"a/b"') }));
    expect(checkVolumeName('db')).toBe('db');
  });

  it('makes 64-hex random names that pass the rule', () => {
    const name = randomVolumeName();
    expect(name).toMatch(/^[0-9a-f]{64}$/);
    expect(isValidVolumeName(name)).toBe(true);
    expect(randomVolumeName()).not.toBe(name);
  });
});

describe('drivers and options', () => {
  it('knows only the local driver', () => {
    expect(() => checkDriver('local')).not.toThrow();
    expect(() => checkDriver('nfs')).toThrow('volume driver "nfs" is not supported (only local)');
  });

  it('accepts type, device and o; o only with type and device', () => {
    expect(() => checkDriverOptions('v1', {})).not.toThrow();
    expect(() => checkDriverOptions('v1', { type: 'tmpfs', device: 'tmpfs', o: 'size=100m' })).not.toThrow();
    expect(() => checkDriverOptions('v1', { type: 'tmpfs' })).not.toThrow();
    expect(() => checkDriverOptions('v1', { size: '1g' })).toThrow(/invalid option "size" for volume v1/);
    expect(() => checkDriverOptions('v1', { type: 'tmpfs', o: 'size=1m' })).toThrow(/missing option "device" for volume v1/);
  });
});

describe('rfc3339', () => {
  it('prints seconds and the zone offset, like docker\'s CreatedAt', () => {
    const text = rfc3339(new Date('2024-05-01T10:00:00.123Z'));
    expect(text).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
    expect(Date.parse(text)).toBe(Date.parse('2024-05-01T10:00:00Z'));
  });
});
