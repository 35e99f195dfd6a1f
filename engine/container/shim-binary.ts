// Where the built supervisor binary is: beside the compiled engine in dist/,
// or FLOTILLA_SHIM to use another build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EngineError, EngineErrorCode } from '../../errors.js';

export function shimBinary(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const candidates = [
    env['FLOTILLA_SHIM'],
    fileURLToPath(new URL('../shim/flotilla-shim', import.meta.url)),
    // The bundled CLI (dist/cli/ and dist/cli/chunks/).
    fileURLToPath(new URL('../engine/shim/flotilla-shim', import.meta.url)),
    fileURLToPath(new URL('../../engine/shim/flotilla-shim', import.meta.url)),
    // Running from the TypeScript sources (tests): the build's copy.
    fileURLToPath(new URL('../../dist/engine/shim/flotilla-shim', import.meta.url)),
  ];
  const found = candidates.find((path) => path !== undefined && existsSync(path));
  if (!found) throw new EngineError(EngineErrorCode.System, 'the container supervisor flotilla-shim is not built: run npm run build');
  return found;
}
