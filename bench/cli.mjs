// The ways the CLI starts, timed side by side: the installed command
// (dist/cli/flotilla, from the start-up snapshot), node on that snapshot
// directly (what the command runs, for the few answers the launcher gives
// itself such as a bare --version) and the plain modules (node
// dist/cli/main.js, what the command falls back to).
import { spawnSync } from 'node:child_process';

export const launcher = new URL('../dist/cli/flotilla', import.meta.url).pathname;
export const modules = new URL('../dist/cli/main.js', import.meta.url).pathname;
const blob = new URL('../dist/cli/flotilla.blob', import.meta.url).pathname;

/** Runs the installed command; throws with its stderr when it fails. */
export function flotilla(args, options = {}) {
  const result = spawnSync(launcher, args, { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  if (result.status !== 0) throw new Error(`flotilla ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

/** Runs the CLI from its modules, without the snapshot. */
export function flotillaModules(args, options = {}) {
  const result = spawnSync(process.execPath, ['--', modules, ...args], { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  if (result.status !== 0) throw new Error(`node main.js ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}

/** Runs node on the CLI's start-up snapshot, as the installed command does. */
export function flotillaSnapshot(args, options = {}) {
  const result = spawnSync(process.execPath, ['--snapshot-blob', blob, '--', ...args], { stdio: ['ignore', 'ignore', 'pipe'], ...options });
  if (result.status !== 0) throw new Error(`node --snapshot-blob ${args.join(' ')} failed: ${result.stderr}`);
  return result;
}
