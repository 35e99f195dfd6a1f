import { describe, expect, it } from 'vitest';
import { decidePull, intervalMs } from '../../../planner/reconcile/pull-policy.js';

const now = Date.parse('2024-05-02T12:00:00Z');
const stored = { stored: true, now };
const missing = { stored: false, now };

describe('decidePull', () => {
  it('pulls a missing image by default, and leaves a stored one alone', () => {
    expect(decidePull([undefined], missing)).toEqual({ pull: 'missing', reason: 'not found' });
    expect(decidePull(['missing'], stored)).toEqual({ pull: 'missing' });
  });

  it('always pulls with always; never pulls with never, which still needs the image', () => {
    expect(decidePull(['always'], stored)).toEqual({ pull: 'always', reason: 'pull_policy: always' });
    expect(decidePull(['never'], stored)).toEqual({ pull: 'never' });
    expect(decidePull(['never'], missing)).toEqual({ pull: 'never', reason: 'not found' });
  });

  it('pulls daily / weekly / every_N images when the last pull is that old, or there was none', () => {
    expect(decidePull(['daily'], { ...stored, pulledAt: '2024-05-02T00:00:00Z' })).toEqual({ pull: 'missing' });
    expect(decidePull(['daily'], { ...stored, pulledAt: '2024-05-01T11:00:00Z' })).toEqual({ pull: 'always', reason: 'pull_policy: daily (last pulled 2024-05-01T11:00:00Z)' });
    expect(decidePull(['every_1h30m'], stored)).toEqual({ pull: 'always', reason: 'pull_policy: every_1h30m (never pulled)' });
    expect(decidePull(['weekly'], missing)).toEqual({ pull: 'missing', reason: 'not found' });
  });

  it('takes the strongest policy of the services sharing the image', () => {
    expect(decidePull(['never', 'always', 'missing'], stored).pull).toBe('always');
    expect(decidePull(['never', 'missing'], missing)).toEqual({ pull: 'missing', reason: 'not found' });
  });
});

describe('intervalMs', () => {
  it('reads daily, weekly and every_<duration>', () => {
    expect([intervalMs('daily'), intervalMs('weekly'), intervalMs('every_12h'), intervalMs('every_1h30m'), intervalMs('every_2d')]).toEqual([86_400_000, 604_800_000, 43_200_000, 5_400_000, 172_800_000]);
    expect([intervalMs('every_'), intervalMs('hourly'), intervalMs('every_0s')]).toEqual([undefined, undefined, undefined]);
  });
});
