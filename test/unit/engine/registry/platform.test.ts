import { describe, expect, it } from 'vitest';
import { parsePlatform, selectPlatform, type IndexEntry } from '../../../../engine/registry/platform.js';

const entry = (digest: string, architecture: string, variant?: string): IndexEntry => ({
  digest, size: 1, platform: { os: 'linux', architecture, ...(variant && { variant }) },
});

describe('selectPlatform', () => {
  const index = [entry('a', 'arm', 'v6'), entry('b', 'arm', 'v7'), entry('c', 'amd64'), entry('d', 'arm64', 'v8'), { digest: 'e', size: 1, platform: { os: 'unknown', architecture: 'unknown' } }];

  it('matches os and architecture', () => {
    expect(selectPlatform(index, { os: 'linux', architecture: 'amd64' }, 'x').digest).toBe('c');
  });

  it('takes the variant asked for, and the highest arm variant when none is', () => {
    expect(selectPlatform(index, { os: 'linux', architecture: 'arm', variant: 'v6' }, 'x').digest).toBe('a');
    expect(selectPlatform(index, { os: 'linux', architecture: 'arm' }, 'x').digest).toBe('b');
  });

  it('reads arm64 without a variant as v8', () => {
    expect(selectPlatform([entry('f', 'arm64')], { os: 'linux', architecture: 'arm64', variant: 'v8' }, 'x').digest).toBe('f');
  });

  it('says what the index has when nothing matches', () => {
    expect(() => selectPlatform(index, { os: 'linux', architecture: 's390x' }, 'host/app:1')).toThrow('host/app:1 has no image for linux/s390x (it has linux/arm/v6, linux/arm/v7, linux/amd64, linux/arm64/v8, unknown/unknown)');
  });
});

describe('parsePlatform', () => {
  it('reads os/arch[/variant] and the kernel names of architectures', () => {
    expect(parsePlatform('linux/arm64/v8')).toEqual({ os: 'linux', architecture: 'arm64', variant: 'v8' });
    expect(parsePlatform('linux/x86_64')).toEqual({ os: 'linux', architecture: 'amd64' });
    expect(() => parsePlatform('linux')).toThrow(/expected os\/architecture/);
  });
});
