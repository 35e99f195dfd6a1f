// A lifecycle scenario (fixtures/lifecycle/<name>/) copied to a scratch
// folder and driven with the built CLI against the test engine's root.
import type { SpawnSyncReturns } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './scenario.js';
import type { TestEngine } from './engine.js';

export interface PsRow {
  readonly ID: string;
  readonly Name: string;
  readonly Service: string;
  readonly State: string;
  readonly Health: string;
  readonly ExitCode: number;
  readonly Networks: string;
  readonly Ports: string;
  readonly Labels: string;
}

export interface Stack {
  readonly dir: string;
  /** Runs `flotilla <args>` in the project's folder. */
  run(args: readonly string[], options?: { env?: Record<string, string>; timeout?: number }): SpawnSyncReturns<string>;
  /** As run, and throws with stderr when it fails; returns stdout. */
  ok(args: readonly string[], env?: Record<string, string>): string;
  /** `ps -a --format json`, one row per container. */
  ps(): PsRow[];
  /** `container inspect` of one container, parsed. */
  inspect(name: string): Record<string, any>;
  dispose(): void;
}

/** `fixtures`: the folder of scenarios, relative to the repository (default fixtures/lifecycle). */
export function composeStack(engine: TestEngine, scenario: string, options: { fixtures?: string } = {}): Stack {
  const scratch = mkdtempSync(join(tmpdir(), 'flotilla-stack-'));
  const dir = join(scratch, scenario);
  cpSync(join(repoRoot, options.fixtures ?? 'fixtures/lifecycle', scenario), dir, { recursive: true });
  const run = (args: readonly string[], options: { env?: Record<string, string>; timeout?: number } = {}) =>
    engine.flotilla(['--project-directory', dir, '-f', join(dir, 'compose.yaml'), ...args], options);
  const ok = (args: readonly string[], env?: Record<string, string>) => {
    const result = run(args, env ? { env } : {});
    if (result.status !== 0) throw new Error(`flotilla ${args.join(' ')} failed (${result.status}): ${result.stderr}`);
    return result.stdout;
  };
  return {
    dir,
    run,
    ok,
    ps: () => ok(['ps', '-a', '--format', 'json']).split('\n').filter(Boolean).map((line) => JSON.parse(line) as PsRow),
    inspect: (name) => (JSON.parse(engine.ok(['container', 'inspect', name])) as Record<string, any>[])[0]!,
    dispose: () => {
      run(['down', '-v', '--remove-orphans', '-t', '0']);
      rmSync(scratch, { recursive: true, force: true });
    },
  };
}
