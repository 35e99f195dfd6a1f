// Bundles the compiled CLI (dist/cli/main.js and everything it imports) into
// a few files: each command's code stays a separate chunk loaded on demand,
// but a command no longer pays Node's per-file module loading dozens of
// times. The tsc output stays beside it for library users and tests.
import { chmodSync, cpSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cliDir = fileURLToPath(new URL('../dist/cli/', import.meta.url));
const staging = mkdtempSync(join(tmpdir(), 'flotilla-bundle-'));
try {
  await build({
    entryPoints: [join(cliDir, 'main.js')],
    outdir: staging,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    chunkNames: 'chunks/[name]-[hash]',
    // CommonJS dependencies call require(); give the ESM bundle one.
    banner: { js: "import { createRequire as __flotillaRequire } from 'node:module'; const require = __flotillaRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  rmSync(join(cliDir, 'chunks'), { recursive: true, force: true });
  for (const name of readdirSync(staging)) cpSync(join(staging, name), join(cliDir, name), { recursive: true });
  chmodSync(join(cliDir, 'main.js'), 0o755);
} finally {
  rmSync(staging, { recursive: true, force: true });
}
