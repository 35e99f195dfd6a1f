// Runs the built CLI on a fixture scenario copied to a scratch folder, so a
// fixture is never edited and paths in the output are predictable.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const repoRoot = resolve(import.meta.dirname, '../..');
/** The installed command (the package's bin): starts from the CLI's start-up snapshot. */
export const cliPath = join(repoRoot, 'dist/cli/flotilla');
export const composeFixtures = join(repoRoot, 'fixtures/compose');

export interface ScenarioRun {
  readonly dir: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Every scenario folder under fixtures/compose/, sorted. */
export function listScenarios(): string[] {
  return readdirSync(composeFixtures, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

/**
 * A scenario folder holds a compose project plus, optionally: `args` (the
 * command line, default `config`), `env` (KEY=VALUE lines for the shell
 * environment), `cwd` (a subfolder to run in), `stdin`.
 */
export function runScenario(name: string): ScenarioRun {
  const scratch = mkdtempSync(join(tmpdir(), 'flotilla-scenario-'));
  const dir = join(scratch, name);
  cpSync(join(composeFixtures, name), dir, { recursive: true });
  try {
    const read = (file: string) => (existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined);
    const args = (read('args') ?? 'config').trim().split(/\s+/);
    const cwd = join(dir, (read('cwd') ?? '.').trim());
    // A fixed PATH and HOME keep outputs that list the environment the same on every machine.
    const env: Record<string, string> = { PATH: '/usr/bin:/bin', HOME: dir };
    for (const line of (read('env') ?? '').split('\n')) {
      const eq = line.indexOf('=');
      if (eq > 0) env[line.slice(0, eq)] = line.slice(eq + 1).replaceAll('{{dir}}', dir);
    }
    const result = spawnSync(cliPath, args.map((a) => a.replaceAll('{{dir}}', dir)), {
      cwd,
      env,
      input: read('stdin') ?? '',
      encoding: 'utf8',
    });
    if (result.error) throw new Error(`scenario ${name}: ${result.error.message}`);
    const clean = (text: string) => text.replaceAll(dir, '{{dir}}');
    return { dir, status: result.status, stdout: clean(result.stdout), stderr: clean(result.stderr) };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The expected output files of a scenario, if present. */
export function expectedOf(name: string): { stdout?: string; stderr?: string } {
  const read = (file: string) => {
    const path = join(composeFixtures, name, file);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  };
  const stdout = read('expected.out');
  const stderr = read('expected.err');
  return { ...(stdout !== undefined && { stdout }), ...(stderr !== undefined && { stderr }) };
}
