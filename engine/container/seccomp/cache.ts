// Where the supervisor keeps compiled seccomp filters: one file per set of
// rules and supervisor build, so a container whose rules were compiled
// before loads them instead of compiling them again (see engine/shim/seccomp.c).
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { shimBinary } from '../shim-binary.js';

export interface SeccompCache {
  readonly dir: string;
  /** Names the build that compiles: another libseccomp may compile the same rules otherwise. */
  readonly compiler: string;
}

export function seccompCache(root: string): SeccompCache {
  const shim = statSync(shimBinary());
  return { dir: join(root, 'seccomp'), compiler: `${shim.size}:${shim.mtimeMs}:${shim.ino}` };
}
