// `images` as a library call: the image each of the project's containers
// runs, as docker compose lists them (by container), with what the image
// store knows of it. An image removed since its container was made shows
// with the id the container recorded and no size.
import type { Engine } from '../engine/engine.js';
import type { PsEntry } from './ps.js';
import { ps } from './ps.js';
import type { ComposeProject } from './project.js';

type ImageSummary = ReturnType<Engine['images']['list']>[number];

export interface ProjectImage {
  readonly container: string;
  readonly service: string;
  /** The name the container was made from (`busybox:latest`). */
  readonly reference: string;
  /** The config digest (docker's image ID). */
  readonly id: string;
  readonly created?: string;
  /** Bytes, when the image is still stored. */
  readonly size?: number;
}

export async function projectImageList(project: ComposeProject, options: { readonly services?: readonly string[] } = {}): Promise<ProjectImage[]> {
  const entries = await ps(project, { all: true, ...(options.services && { services: options.services }) });
  const stored = new Map<string, ImageSummary>(project.engine.images.list().map((image) => [image.id, image]));
  return entries.map((entry: PsEntry) => {
    const image = entry.view.record.image;
    const summary = stored.get(image.id);
    return {
      container: entry.view.record.name,
      service: entry.service,
      reference: image.name,
      id: image.id,
      ...(summary?.created !== undefined && { created: summary.created }),
      ...(summary && { size: summary.size }),
    };
  });
}
