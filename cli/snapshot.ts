// The CLI as restored from a V8 start-up snapshot, built by
// scripts/build-snapshot.mjs and started by dist/cli/flotilla. Everything a
// command needs is bundled into one script and run up to this point when the
// snapshot is built, so a command starts without reading, compiling or
// linking any JavaScript file: Node's start-up is most of a short command's
// time. Nothing here may read the environment, the clock or the terminal at
// load time: those would be frozen at build time.
import { startupSnapshot } from 'node:v8';
import { buildProgram, endProcess, runProgram } from './program/index.js';
import { warmUp } from './warm-up.js';
// Imported here, not only when a command runs, so their code is loaded and
// initialized in the snapshot too.
import './commands/config.js';
import './commands/container.js';
import './commands/container-run.js';
import './commands/container-top.js';
import './commands/container-view.js';
import './commands/image.js';
import './commands/image-import.js';
import './commands/network.js';
import './commands/volume.js';
import '../networking/index.js';
import '../engine/images/archive-images.js';
import '../engine/images/import.js';
import '../engine/images/save.js';
import '../engine/images/unpack.js';

warmUp();
const program = buildProgram();

startupSnapshot.setDeserializeMainFunction(() => {
  // Restored, process.argv is [node, ...arguments], without a script path.
  void runProgram(program, [process.argv[0] ?? 'node', 'flotilla', ...process.argv.slice(1)]).then(endProcess);
});
