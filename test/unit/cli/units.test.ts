import { describe, expect, it } from 'vitest';
import { humanAge, humanSize } from '../../../cli/render/units.js';

describe('humanSize', () => {
  it.each([
    [12, '12B'],
    [980_000, '980kB'],
    [1_064_960, '1.06MB'],
    [4_413_440, '4.41MB'],
    [2_500_000_000, '2.5GB'],
  ])('%d bytes', (bytes, text) => expect(humanSize(bytes)).toBe(text));
});

describe('humanAge', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  it.each([
    ['2026-11-22T11:57:00Z', '3 minutes ago'],
    ['2026-11-22T11:00:00Z', '1 hour ago'],
    ['2024-11-01T00:00:00Z', '2 years ago'],
    ['2026-11-22T12:00:00Z', 'Less than a second ago'],
    [undefined, 'N/A'],
  ])('%s', (iso, text) => expect(humanAge(iso, now)).toBe(text));
});
