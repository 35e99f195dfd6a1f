import { describe, expect, it } from 'vitest';
import { blobsDir, stateRoot } from '../../../../engine/state/paths.js';

describe('stateRoot', () => {
  it('is /var/lib/flotilla unless FLOTILLA_ROOT moves it', () => {
    expect(stateRoot({})).toBe('/var/lib/flotilla');
    expect(stateRoot({ FLOTILLA_ROOT: '/tmp/x/../fl' })).toBe('/tmp/fl');
    expect(blobsDir('/tmp/fl')).toBe('/tmp/fl/blobs/sha256');
  });
});
