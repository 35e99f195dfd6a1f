// What the engine is asked to build for a service with a `build:` section:
// compose's fields in the engine's terms, the image named as the container
// will name it (`image:`, else `<project>-<service>`). Pure.
import { serviceImage, type ProjectContext } from './container-config.js';
import type { ImageBuildSpec } from './plan.js';

export function serviceBuild(ctx: ProjectContext, service: string, extra: { readonly noCache?: boolean; readonly buildArgs?: Readonly<Record<string, string>> } = {}): ImageBuildSpec | undefined {
  const build = ctx.project.services[service]?.build;
  if (!build) return undefined;
  const args = { ...build.args, ...extra.buildArgs };
  return {
    context: build.context,
    ...(build.dockerfile_inline !== undefined ? { dockerfileInline: build.dockerfile_inline } : build.dockerfile !== undefined && { dockerfile: build.dockerfile }),
    tags: [...new Set([serviceImage(ctx.project, service), ...(build.tags ?? [])])],
    ...(Object.keys(args).length > 0 && { buildArgs: args }),
    ...(build.target !== undefined && { target: build.target }),
    ...(build.labels && Object.keys(build.labels).length > 0 && { labels: build.labels }),
    ...((build.no_cache === true || extra.noCache === true) && { noCache: true }),
  };
}
