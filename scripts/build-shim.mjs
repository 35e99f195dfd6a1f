// Compiles the container supervisor (engine/shim/*.c) with the system C
// compiler into dist/engine/shim/flotilla-shim, statically linked: the same
// binary serves as the init bound into containers, which have their own libc
// or none. Skips the work when the
// binary is newer than every source.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const sourceDir = fileURLToPath(new URL('../engine/shim/', import.meta.url));
const outDir = fileURLToPath(new URL('../dist/engine/shim/', import.meta.url));
const output = `${outDir}flotilla-shim`;
const sources = readdirSync(sourceDir).filter((f) => f.endsWith('.c') || f.endsWith('.h'));
const newest = Math.max(...sources.map((f) => statSync(sourceDir + f).mtimeMs));
if (existsSync(output) && statSync(output).mtimeMs > newest) process.exit(0);
mkdirSync(outDir, { recursive: true });
const cc = process.env.CC ?? 'cc';
const flags = ['-static', '-O2', '-Wall', '-Wextra', '-Werror', '-Wno-format-truncation', '-D_FORTIFY_SOURCE=2', '-fstack-protector-strong'];
try {
  execFileSync(cc, [...flags, '-o', output, ...sources.filter((f) => f.endsWith('.c')).map((f) => sourceDir + f)], { stdio: 'inherit' });
} catch {
  console.error(`build-shim: compiling ${sourceDir} with ${cc} failed (install gcc and libc6-dev)`);
  process.exit(1);
}
