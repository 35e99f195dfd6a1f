// Where Flotilla keeps its state: /var/lib/flotilla unless FLOTILLA_ROOT
// moves it. The engine and networking both ask here for the root and for
// their lock files, so two commands on one root always meet on one lock.
import { join, resolve } from 'node:path';

export const DEFAULT_STATE_ROOT = '/var/lib/flotilla';

export function stateRoot(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const root = env['FLOTILLA_ROOT'];
  return root ? resolve(root) : DEFAULT_STATE_ROOT;
}

/** Lock files, one per thing a command may change (`images`, `networks`, a container id). */
export function lockPath(root: string, name: string): string {
  return join(root, 'locks', `${name}.lock`);
}
