// Where the installed command is, for work that must outlive this process
// and run on the same state root (a detached --rm container's removal).
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FlotillaError } from '../errors.js';

/** The installed command, dist/cli/flotilla: found from this module in the build or in the bundle's chunks; from the sources, the build's. */
export function launcher(): string {
  const candidates = ['../cli/flotilla', './flotilla', '../flotilla', '../../dist/cli/flotilla', '../dist/cli/flotilla'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((path) => existsSync(path) && statSync(path).isFile());
  if (!found) throw new FlotillaError('FLOTILLA_NOT_BUILT', 'the flotilla command is not built: run npm run build');
  return found;
}
