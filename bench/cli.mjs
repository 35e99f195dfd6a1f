// The two ways the CLI starts, timed side by side: the installed command
// (dist/cli/flotilla, from the start-up snapshot) and the plain modules
// (node dist/cli/main.js, what the command falls back to).
import { spawnSync } from 'node:child_process';

export const launcher = new URL('../dist/cli/flotilla', import.meta.url).pathname;
export const modules = new URL('../dist/cli/main.js', import.meta.url).pathname;

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
