import { describe, expect, it } from 'vitest';
import { backoffDelay, TransientError, withRetries } from '../../../../engine/registry/retry.js';
import { nextLink } from '../../../../engine/registry/search.js';

const policy = { attempts: 3, baseDelayMs: 1, maxDelayMs: 4 };

describe('retries', () => {
  it('doubles the delay from the base up to the cap, less up to a quarter of jitter', () => {
    const full = { attempts: 9, baseDelayMs: 100, maxDelayMs: 1000 };
    expect([2, 3, 4, 5, 6].map((n) => backoffDelay(full, n, () => 0))).toEqual([100, 200, 400, 800, 1000]);
    expect(backoffDelay(full, 3, () => 1)).toBe(150);
  });

  it('tries a transient failure again until the tries are spent', async () => {
    const seen: number[] = [];
    await expect(withRetries(policy, async (n) => {
      seen.push(n);
      throw new TransientError('cut');
    })).rejects.toThrow('cut');
    expect(seen).toEqual([1, 2, 3]);
    expect(await withRetries(policy, async (n) => (n < 2 ? Promise.reject(Object.assign(new Error('reset'), { code: 'ECONNRESET' })) : n))).toBe(2);
  });

  it('gives up at once on anything else', async () => {
    let tries = 0;
    await expect(withRetries(policy, async () => {
      tries++;
      throw new Error('404');
    })).rejects.toThrow('404');
    expect(tries).toBe(1);
  });
});

describe('nextLink', () => {
  it('reads the next page of a Link header', () => {
    expect(nextLink('</v2/_catalog?last=b&n=2>; rel="next"')).toBe('/v2/_catalog?last=b&n=2');
    expect(nextLink('')).toBeUndefined();
  });
});
