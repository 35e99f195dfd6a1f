import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hostMaskedPaths, MASKED_PATHS } from '../../../../engine/container/defaults.js';

describe('hostMaskedPaths', () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('adds the thermal_throttle directory of each CPU that has one', () => {
    dir = mkdtempSync(join(tmpdir(), 'cpus-'));
    for (const cpu of ['cpu0', 'cpu1', 'cpufreq']) mkdirSync(join(dir, cpu));
    mkdirSync(join(dir, 'cpu1', 'thermal_throttle'));
    mkdirSync(join(dir, 'cpufreq', 'thermal_throttle'));
    expect(hostMaskedPaths(dir)).toEqual([...MASKED_PATHS, join(dir, 'cpu1', 'thermal_throttle')]);
  });

  it('is Docker\'s fixed list without sysfs', () => {
    expect(hostMaskedPaths('/nonexistent/cpu')).toEqual([...MASKED_PATHS]);
  });
});
