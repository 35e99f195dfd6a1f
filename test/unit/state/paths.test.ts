import { describe, expect, it } from 'vitest';
import { blobsDir } from '../../../engine/images/store-paths.js';
import { lockPath, stateRoot } from '../../../state/paths.js';

describe('stateRoot', () => {
  it('is /var/lib/flotilla unless FLOTILLA_ROOT moves it', () => {
    expect(stateRoot({})).toBe('/var/lib/flotilla');
    expect(stateRoot({ FLOTILLA_ROOT: '/tmp/x/../fl' })).toBe('/tmp/fl');
    expect(blobsDir('/tmp/fl')).toBe('/tmp/fl/blobs/sha256');
    expect(lockPath('/tmp/fl', 'networks')).toBe('/tmp/fl/locks/networks.lock');
  });
});
