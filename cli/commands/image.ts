// `flotilla image load|ls` (and `flotilla images`): the image store, with
// docker's flags and table.
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import { saveImages, type ImageSummary, type LayerProgress } from '../../engine/images/index.js';
import { UsageError } from '../../errors.js';
import { progressSink } from '../render/progress.js';
import { Engine } from '../../engine/engine.js';
import { renderInspect, renderList } from '../render/formats.js';
import { humanAge, humanSize } from '../render/units.js';

export interface LoadOptions {
  input?: string;
  quiet?: boolean;
}

export async function runImageLoad(options: LoadOptions): Promise<void> {
  if (!options.input && process.stdin.isTTY) throw new UsageError('requested load from stdin, but stdin is a terminal: use -i FILE or pipe an archive in');
  const source = options.input ? createReadStream(options.input, { highWaterMark: 1024 * 1024 }) : process.stdin;
  const progress = options.quiet ? undefined : progressSink('Loading layer');
  const report = progress && ((p: LayerProgress) => progress.update(p.layer, p.bytesRead, p.total, p.finished));
  const loaded = await new Engine().images.load(source, options.input ?? 'stdin', report).finally(() => progress?.finish());
  if (!options.quiet) for (const name of loaded) process.stdout.write(`Loaded image: ${name}\n`);
}

export interface ListOptions {
  format?: string;
  quiet?: boolean;
}

export function runImageList(options: ListOptions): void {
  const images = new Engine().images.list();
  if (options.quiet) {
    process.stdout.write([...new Set(images.map((i) => shortId(i.id)))].map((id) => `${id}\n`).join(''));
    return;
  }
  const rows = images.flatMap((image) =>
    image.references.map((ref) => {
      const { repository, tag } = splitRef(ref);
      return { Repository: repository, Tag: tag, ID: shortId(image.id), CreatedAt: image.created ?? '', CreatedSince: humanAge(image.created), Size: humanSize(image.size) };
    }),
  );
  process.stdout.write(
    renderList(rows, options.format, {
      header: ['REPOSITORY', 'TAG', 'IMAGE ID', 'CREATED', 'SIZE'],
      cells: (r) => [r.Repository, r.Tag, r.ID, r.CreatedSince, r.Size],
      fieldHeaders: { ID: 'IMAGE ID', CreatedSince: 'CREATED', CreatedAt: 'CREATED AT' },
    }),
  );
}

export function shortId(digest: ImageSummary['id']): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

export function splitRef(ref: string): { repository: string; tag: string } {
  const at = ref.lastIndexOf(':');
  return at > ref.lastIndexOf('/') ? { repository: ref.slice(0, at), tag: ref.slice(at + 1) } : { repository: ref, tag: '<none>' };
}

export function runImageTag(source: string, target: string): void {
  new Engine().images.tag(source, target);
}

export function runImageRemove(images: string[], options: { force?: boolean }): void {
  const store = new Engine().images;
  for (const image of images) process.stdout.write(store.remove(image, options.force === true).map((l) => `${l}\n`).join(''));
}

export function runImageInspect(images: string[], options: { format?: string } = {}): void {
  const store = new Engine().images;
  process.stdout.write(renderInspect(images.map((image) => store.inspect(image)), options.format));
}

export function runImagePrune(): void {
  const deleted = new Engine().images.collectGarbage();
  process.stdout.write(deleted.map((d) => `Deleted: ${d}\n`).join(''));
}

export async function runImageSave(images: string[], options: { output?: string }): Promise<void> {
  if (!options.output && process.stdout.isTTY) throw new UsageError('refusing to write an archive to a terminal: use -o FILE or redirect stdout');
  const store = new Engine().images;
  // Resolve every name first, so a typo fails before any file is written.
  images.forEach((image) => store.resolve(image));
  if (!options.output) return saveImages(store, images, process.stdout);
  const partial = `${options.output}.partial`;
  try {
    await saveImages(store, images, createWriteStream(partial));
    renameSync(partial, options.output);
  } catch (err) {
    rmSync(partial, { force: true });
    throw err;
  }
}
