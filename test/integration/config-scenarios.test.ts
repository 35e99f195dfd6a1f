// Every folder of fixtures/compose/ is one rule of the loader: the built CLI
// must print exactly its expected.out (exit 0, with expected.err as its
// warnings when present), or only its expected.err (exit 1).
import { describe, expect, it } from 'vitest';
import { expectedOf, listScenarios, runScenario } from '../helpers/scenario.js';

describe('flotilla config on fixtures/compose/*', () => {
  it.each(listScenarios())('%s', (name) => {
    const expected = expectedOf(name);
    expect(expected.stdout !== undefined || expected.stderr !== undefined, `${name} needs expected.out or expected.err`).toBe(true);
    const run = runScenario(name);
    if (expected.stdout === undefined) {
      expect(run.stderr).toBe(expected.stderr);
      expect(run.stdout).toBe('');
      expect(run.status).toBe(1);
    } else {
      expect(run.stderr).toBe(expected.stderr ?? '');
      expect(run.stdout).toBe(expected.stdout);
      expect(run.status).toBe(0);
    }
  });
});
