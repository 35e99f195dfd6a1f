import { describe, expect, it } from 'vitest';
import { parseChallenge } from '../../../../engine/registry/challenge.js';

describe('parseChallenge', () => {
  it('reads a Bearer challenge whose scope holds commas', () => {
    expect(parseChallenge('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/busybox:pull,push"')).toEqual({
      scheme: 'bearer',
      params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/busybox:pull,push' },
    });
  });

  it('reads Basic with an unquoted realm, spaces and escapes', () => {
    expect(parseChallenge('Basic realm=private , charset="UTF\\"8"')).toEqual({ scheme: 'basic', params: { realm: 'private', charset: 'UTF"8' } });
  });

  it('refuses a header it cannot read, naming it', () => {
    expect(() => parseChallenge('Bearer realm="open')).toThrow(/malformed WWW-Authenticate header .*unterminated/);
    expect(() => parseChallenge('Bearer realm')).toThrow(/parameter realm has no value/);
    expect(() => parseChallenge('')).toThrow(/no scheme/);
  });
});
