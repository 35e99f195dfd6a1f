// Compiles Flotilla's small native programs with the system C compiler,
// statically linked:
//  - cli/launcher/flotilla.c → dist/cli/flotilla, the installed command,
//    which starts node on the CLI's start-up snapshot or its modules;
//  - engine/shim/*.c → dist/engine/shim/flotilla-shim, the container
//    supervisor; the same binary serves as the init bound into containers,
//    which have their own libc or none; it compiles containers' seccomp
//    filters with libseccomp (libseccomp-dev, whose static library it takes);
//  - networking/dns/*.c → dist/networking/dns/flotilla-dns, the one DNS
//    server that answers containers' service-discovery queries;
//  - networking/netlink/*.c → dist/networking/netlink/flotilla-netlink, which
//    makes links, addresses, routes and network namespaces over rtnetlink.
//    It uses libmnl (libmnl-dev), which has no static library: it is the one
//    program linked dynamically.
// A target is skipped when its binary is newer than every source.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const targets = [
  { sources: '../cli/launcher/', out: '../dist/cli/', binary: 'flotilla' },
  { sources: '../engine/shim/', out: '../dist/engine/shim/', binary: 'flotilla-shim', libs: ['-lseccomp'] },
  { sources: '../networking/dns/', out: '../dist/networking/dns/', binary: 'flotilla-dns' },
  { sources: '../networking/netlink/', out: '../dist/networking/netlink/', binary: 'flotilla-netlink', dynamic: true, libs: ['-lmnl'] },
];
const cc = process.env.CC ?? 'cc';
const flags = ['-O2', '-Wall', '-Wextra', '-Werror', '-Wno-format-truncation', '-D_FORTIFY_SOURCE=2', '-fstack-protector-strong'];

for (const target of targets) {
  const sourceDir = fileURLToPath(new URL(target.sources, import.meta.url));
  if (!existsSync(sourceDir)) continue;
  const outDir = fileURLToPath(new URL(target.out, import.meta.url));
  const output = outDir + target.binary;
  const sources = readdirSync(sourceDir).filter((f) => f.endsWith('.c') || f.endsWith('.h'));
  if (!sources.some((f) => f.endsWith('.c'))) continue;
  const newest = Math.max(...sources.map((f) => statSync(sourceDir + f).mtimeMs));
  if (existsSync(output) && statSync(output).mtimeMs > newest) continue;
  mkdirSync(outDir, { recursive: true });
  try {
    const sourceFiles = sources.filter((f) => f.endsWith('.c')).map((f) => sourceDir + f);
    execFileSync(cc, [...(target.dynamic ? [] : ['-static']), ...flags, '-o', output, ...sourceFiles, ...(target.libs ?? [])], { stdio: 'inherit' });
  } catch {
    console.error(`build-shim: compiling ${sourceDir} with ${cc} failed (install gcc, libc6-dev, libmnl-dev and libseccomp-dev)`);
    process.exit(1);
  }
}
