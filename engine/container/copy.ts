// `container cp`: files out of and into a container, running or stopped.
// The supervisor binary does the container side from inside the container's
// root (engine/shim/copy.c); this side reads and writes the host's files.
import { spawn } from 'node:child_process';
import { lstatSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Readable, Writable } from 'node:stream';
import { EngineError, EngineErrorCode } from '../../errors.js';
import type { ImageStore } from '../images/image-store.js';
import { withLock } from '../../state/lock.js';
import { lockPath } from '../../state/paths.js';
import { decodeRecords, encodeRecord, type CopyRecord } from './copy-records.js';
import { writeHostEntry } from './copy-to-host.js';
import { readSupervisorState } from './record.js';
import { shimBinary } from './shim-binary.js';
import { encodeSpec, type SpecRecord } from './spec.js';
import { findContainer, type ContainerView } from './store.js';

/** Copies `containerPath` to the host: into `hostDest` if it is a directory, else as `hostDest`. */
export async function copyFromContainer(root: string, images: ImageStore, nameOrId: string, containerPath: string, hostDest: string): Promise<void> {
  const view = findContainer(root, nameOrId);
  await withLock(lockPath(root, `container-${view.record.id}`), `container ${view.record.name}`, async () => {
    const spec = [...(await rootRecords(view, images)), ['cp_path', containerPath] as SpecRecord];
    const target = isDirectory(hostDest) ? join(hostDest, basename(containerPath) || 'root') : hostDest;
    await runCopy('cp-out', spec, async (out) => {
      const asRoot = process.getuid?.() === 0;
      for await (const record of decodeRecords(out)) writeHostEntry(target, record, { asRoot });
    });
  });
}

/** Copies the host's `hostSrc` into the container: into `containerDest` if it is a directory there, else as it. */
export async function copyToContainer(root: string, images: ImageStore, nameOrId: string, hostSrc: string, containerDest: string, options: { readonly keepOwner?: boolean } = {}): Promise<void> {
  const view = findContainer(root, nameOrId);
  lstatSync(hostSrc); // a missing source fails here, with its name
  await withLock(lockPath(root, `container-${view.record.id}`), `container ${view.record.name}`, async () => {
    const spec = [...(await rootRecords(view, images)), ['cp_path', containerDest] as SpecRecord, ['cp_name', basename(hostSrc)] as SpecRecord];
    await runCopy('cp-in', spec, async (_out, input) => {
      const keepOwner = options.keepOwner !== false;
      for (const record of hostEntries(hostSrc, '')) input.write(encodeRecord(keepOwner ? record : { ...record, uid: 0, gid: 0 }));
      input.end(encodeRecord({ type: 'e' }));
    });
  });
}

/** A running container is entered; a stopped one gets its overlay mounted privately. */
async function rootRecords(view: ContainerView, images: ImageStore): Promise<SpecRecord[]> {
  const state = readSupervisorState(view.paths.state);
  if ((view.state.status === 'running' || view.state.status === 'paused') && state) return [['target', String(state.pid), state.pidStart]];
  const layers = await images.layerDirs(view.record.image.manifest);
  return [['rootfs', view.paths.rootfs], ...layers.map((dir): SpecRecord => ['lower', dir]), ['upper', view.paths.upper], ['work', view.paths.work]];
}

async function runCopy(mode: 'cp-out' | 'cp-in', spec: SpecRecord[], work: (out: Readable, input: Writable) => Promise<void>): Promise<void> {
  const child = spawn(shimBinary(), [mode, '/dev/fd/3'], { stdio: ['pipe', 'pipe', 'pipe', 'pipe'] });
  (child.stdio[3] as Writable).end(encodeSpec(spec));
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += String(chunk)));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? 1)));
  await work(child.stdout, child.stdin);
  const code = await exited;
  if (code !== 0) throw new EngineError(EngineErrorCode.System, stderr.trim().replace(/^error: /, '') || `copy failed (${mode} exited with ${code})`);
}

function* hostEntries(path: string, rel: string): Generator<CopyRecord> {
  const st = lstatSync(path);
  const base = { mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, mtime: st.mtimeMs / 1000, path: rel, link: '', data: Buffer.alloc(0) };
  if (st.isSymbolicLink()) yield { ...base, type: 'l', link: readlinkSync(path) };
  else if (st.isFile()) yield { ...base, type: 'f', data: readFileSync(path) };
  else if (st.isDirectory()) {
    yield { ...base, type: 'd' };
    for (const name of readdirSync(path).sort()) yield* hostEntries(join(path, name), rel ? `${rel}/${name}` : name);
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
