// Every folder of fixtures/compose/ is one rule of the loader: the built CLI
// must print exactly its expected.out (exit 0, with expected.err as its
// warnings when present), or only its expected.err (exit 1).
// FLOTILLA_UPDATE_SCENARIOS=1 rewrites the expected files from the current
// output instead; review the diff before committing it.
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { composeFixtures, expectedOf, listScenarios, runScenario } from '../helpers/scenario.js';

const update = process.env['FLOTILLA_UPDATE_SCENARIOS'] === '1';

function rewriteExpected(name: string, stdout: string, stderr: string, ok: boolean): void {
  const folder = join(composeFixtures, name);
  rmSync(join(folder, 'expected.out'), { force: true });
  rmSync(join(folder, 'expected.err'), { force: true });
  if (ok) writeFileSync(join(folder, 'expected.out'), stdout);
  if (stderr !== '') writeFileSync(join(folder, 'expected.err'), stderr);
}

describe('flotilla config on fixtures/compose/*', () => {
  it.each(listScenarios())('%s', (name) => {
    if (update) {
      const run = runScenario(name);
      rewriteExpected(name, run.stdout, run.stderr, run.status === 0);
      return;
    }
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
