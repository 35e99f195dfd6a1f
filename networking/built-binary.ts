// Where networking's own programs (networking/*/*.c, built by npm run build)
// are: beside the compiled module, beside the bundled CLI, or, running from
// the TypeScript sources, in dist/. An environment variable may name another
// build.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EngineError, EngineErrorCode } from '../errors.js';

/** `relative` is the program's path under networking/ (dns/flotilla-dns). */
export function builtBinary(relative: string, override: string | undefined, what: string): string {
  const candidates = [
    override,
    fileURLToPath(new URL(`./${relative}`, import.meta.url)),
    // The bundled CLI (dist/cli/ and dist/cli/chunks/).
    fileURLToPath(new URL(`../networking/${relative}`, import.meta.url)),
    fileURLToPath(new URL(`../../networking/${relative}`, import.meta.url)),
    // Running from the TypeScript sources (tests): the build's copy.
    fileURLToPath(new URL(`../dist/networking/${relative}`, import.meta.url)),
  ];
  const found = candidates.find((path) => path !== undefined && existsSync(path));
  if (!found) throw new EngineError(EngineErrorCode.System, `${what} is not built: run npm run build`);
  return found;
}
