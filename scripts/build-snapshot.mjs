// Builds the CLI's V8 start-up snapshot:
//  - dist/cli/snapshot.cjs: cli/snapshot.ts and everything it imports in one
//    CommonJS script (a snapshot can only load Node's built-in modules);
//  - dist/cli/flotilla.blob: the heap after running it, made by this node;
//  - dist/cli/flotilla.blob.node: the path of that node binary, with its
//    modification time, so the launcher (cli/launcher/flotilla.c, built by
//    build-shim.mjs) only gives the blob to the binary that made it: another
//    one aborts on it.
// Without a snapshot (the build failed, another node, FLOTILLA_NO_SNAPSHOT=1)
// the launcher starts dist/cli/main.js, the same program loaded as modules.
import { execFileSync } from 'node:child_process';
import { realpathSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const cliDir = fileURLToPath(new URL('../dist/cli/', import.meta.url));
const script = `${cliDir}snapshot.cjs`;
const blob = `${cliDir}flotilla.blob`;
const stamp = `${blob}.node`;

await build({
  entryPoints: [`${cliDir}snapshot.js`],
  outfile: script,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  minifyWhitespace: true,
  minifySyntax: true,
  // Modules find the native programs beside them through import.meta.url;
  // restored from the blob, "beside" is dist/cli/, where the blob is.
  // (A getter: it must be read when called, after the snapshot is restored.)
  define: { 'import.meta.url': '__flotillaMeta.url' },
  banner: {
    js: [
      'const __flotillaMeta = {',
      '  get url() {',
      "    const at = process.execArgv.indexOf('--snapshot-blob');",
      '    const blob = at >= 0 ? process.execArgv[at + 1] : __filename;',
      "    return require('node:url').pathToFileURL(require('node:path').join(require('node:path').dirname(blob), 'main.js')).href;",
      '  },',
      '};',
    ].join('\n'),
  },
  logLevel: 'warning',
});

// The stamp is written even without a blob: the launcher also runs this
// node when PATH has none.
const buildNode = realpathSync(process.execPath);
writeFileSync(stamp, `${buildNode}\n`);
// touch -r copies the time to the nanosecond (utimes takes milliseconds).
execFileSync('touch', ['-r', buildNode, stamp]);
rmSync(blob, { force: true });
try {
  execFileSync(process.execPath, ['--snapshot-blob', blob, '--build-snapshot', script], { stdio: ['ignore', 'inherit', 'pipe'] });
} catch (err) {
  rmSync(blob, { force: true });
  // Node prints the failing line of the bundle, one very long line: keep only the error and its stack.
  const lines = (err.stderr?.toString() ?? err.message).split('\n').filter((line) => line.length < 300 && !line.includes('snapshot builder scripts'));
  console.warn(`warning: no start-up snapshot (the CLI starts without one):\n${lines.slice(-15).join('\n')}`);
}
