// RUN: the command in a Flotilla container made on the stage's image so
// far, its output passed on as it comes; what it changed (the overlay's
// upper directory) becomes the step's layer. The container is removed
// whatever happens, so a failed step leaves nothing running or stored.
import type { Writable } from 'node:stream';
import type { Engine } from '../engine.js';
import { containerPaths } from '../container/layout.js';
import { layerFromUpper } from './upper-layer.js';
import type { WrittenLayer } from './layer-writer.js';

/** The label that marks a build's own containers, so they can be told from the user's. */
export const BUILD_LABEL = 'io.flotilla.build';

export interface RunStepRequest {
  /** Manifest digest of the stage's image before this step. */
  readonly image: string;
  readonly args: readonly string[];
  /** The build arguments in scope, over the image's Env for this command only. */
  readonly env: readonly string[];
  readonly stdout?: Writable;
  readonly stderr?: Writable;
}

export type RunStepResult = { readonly exitCode: 0; readonly layer: WrittenLayer } | { readonly exitCode: number; readonly layer?: undefined };

export async function runStep(engine: Engine, request: RunStepRequest): Promise<RunStepResult> {
  const record = await engine.create({
    image: request.image,
    // The exec form or the shell's words, as given: the image's entrypoint takes no part.
    entrypoint: [],
    cmd: request.args,
    env: request.env,
    // The default network, as `docker build` gives RUN, so package managers reach their mirrors.
    networkMode: 'bridge',
    labels: { [BUILD_LABEL]: 'run' },
  });
  try {
    const exitCode = await engine.startAttached(record.id, {
      remove: false,
      ...(request.stdout && { stdout: request.stdout }),
      ...(request.stderr && { stderr: request.stderr }),
    });
    if (exitCode !== 0) return { exitCode };
    return { exitCode: 0, layer: await layerFromUpper(engine.images.blobs, containerPaths(engine.root, record.id).upper) };
  } finally {
    await engine.remove(record.id, { force: true, volumes: true });
  }
}
