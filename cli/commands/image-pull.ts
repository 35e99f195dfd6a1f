// `image pull` and `image push`, with docker's output: a line per layer on
// stderr (a bar on a terminal), then the digest and the name on stdout.
import { Engine } from '../../engine/engine.js';
import type { PullProgress, PushProgress } from '../../engine/engine.js';
import { formatReference, parsePlatform, parseReference } from '../../engine/registry/index.js';
import { progressSink, type ProgressSink } from '../render/progress.js';

export interface PullFlags {
  quiet?: boolean;
  platform?: string;
}

export async function runImagePull(reference: string, flags: PullFlags): Promise<void> {
  const full = formatReference(parseReference(reference));
  const progress = flags.quiet ? undefined : progressSink('Downloading');
  if (!flags.quiet) process.stderr.write(`${parseReference(reference).tag ?? parseReference(reference).digest}: Pulling from ${parseReference(reference).repository}\n`);
  const result = await new Engine()
    .pull(reference, {
      ...(flags.platform && { platform: parsePlatform(flags.platform) }),
      ...(progress && { onProgress: (p: PullProgress) => showPull(progress, p) }),
    })
    .finally(() => progress?.finish());
  if (!flags.quiet) {
    process.stdout.write(`Digest: ${result.digest}\n`);
    process.stdout.write(`Status: ${result.downloaded > 0 ? 'Downloaded newer image' : 'Image is up to date'} for ${result.name}\n`);
  }
  process.stdout.write(`${full}\n`);
}

function showPull(sink: ProgressSink, p: PullProgress): void {
  if (p.phase === 'exists') sink.update(p.layer, p.total, p.total, true, 'Already exists');
  else if (p.phase === 'downloading') sink.update(p.layer, p.done, p.total, false);
  else if (p.phase === 'retrying') sink.update(p.layer, p.done, p.total, false, 'Retrying');
  else if (p.phase === 'done') sink.update(p.layer, p.total, p.total, true, 'Pull complete');
}

export async function runImagePush(reference: string, flags: { quiet?: boolean }): Promise<void> {
  const progress = flags.quiet ? undefined : progressSink('Pushing');
  const result = await new Engine()
    .push(reference, { ...(progress && { onProgress: (p: PushProgress) => showPush(progress, p) }) })
    .finally(() => progress?.finish());
  const ref = parseReference(reference);
  if (!flags.quiet) process.stdout.write(`${ref.tag ?? ref.digest}: digest: ${result.digest} size: ${result.size}\n`);
  else process.stdout.write(`${formatReference(ref)}\n`);
}

function showPush(sink: ProgressSink, p: PushProgress): void {
  if (p.phase === 'exists') sink.update(p.layer, p.total, p.total, true, 'Layer already exists');
  else if (p.phase === 'pushing') sink.update(p.layer, p.done, p.total, false);
  else sink.update(p.layer, p.total, p.total, true, 'Pushed');
}
