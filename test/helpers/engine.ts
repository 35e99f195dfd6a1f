// A private state root with the test images loaded, the CLI run against it,
// and the leak check every container test ends with.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// @ts-expect-error: a plain ESM script without type declarations
import { buildBusybox } from '../../fixtures/images/build-test-images.mjs';
import { cliPath } from './scenario.js';

export interface TestEngine {
  readonly root: string;
  flotilla(args: readonly string[], options?: { input?: string; timeout?: number }): SpawnSyncReturns<string>;
  /** Mounts, processes and cgroups of this root still present (should be none). */
  leftovers(): string[];
  dispose(): void;
}

export function testEngine(): TestEngine {
  const scratch = mkdtempSync(join(tmpdir(), 'flotilla-engine-'));
  const root = join(scratch, 'root');
  const flotilla = (args: readonly string[], options: { input?: string; timeout?: number } = {}) =>
    spawnSync(process.execPath, ['--', cliPath, ...args], {
      env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', FLOTILLA_ROOT: root },
      encoding: 'utf8',
      timeout: options.timeout ?? 60_000,
      ...(options.input !== undefined && { input: options.input }),
    });
  const loaded = flotilla(['image', 'load', '-q', '-i', (buildBusybox as () => string)()]);
  if (loaded.status !== 0) throw new Error(`loading busybox failed: ${loaded.stderr}`);
  return {
    root,
    flotilla,
    leftovers: () => [...mountsUnder(root), ...processesOf(root)],
    dispose: () => rmSync(scratch, { recursive: true, force: true }),
  };
}

function mountsUnder(root: string): string[] {
  return readFileSync('/proc/self/mountinfo', 'utf8')
    .split('\n')
    .filter((line) => line.split(' ')[4]?.startsWith(root))
    .map((line) => `mount ${line.split(' ')[4]}`);
}

/** Supervisors whose spec lives under the root, by their command line. */
function processesOf(root: string): string[] {
  const found: string[] = [];
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ');
      if (cmdline.includes(root)) found.push(`process ${pid}: ${cmdline.trim()}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}
