// `build` as a library call: every selected service with a build section
// gets its image built and named (`image:`, else `<project>-<service>`),
// in service order; services that share an image are built once.
import type { Writable } from 'node:stream';
import type { BuiltImage } from '../engine/engine.js';
import { serviceBuild } from '../planner/build-request.js';
import type { ComposeProject } from './project.js';

export interface BuildOptions {
  /** Only these services (all with a build section by default). */
  readonly services?: readonly string[];
  readonly noCache?: boolean;
  /** Over every service's build.args. */
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** Step lines and RUN output. */
  readonly output?: Writable;
}

export async function build(project: ComposeProject, options: BuildOptions = {}): Promise<Map<string, BuiltImage>> {
  const services = options.services?.length ? options.services : Object.keys(project.loaded.project.services).sort();
  const built = new Map<string, BuiltImage>();
  const done = new Map<string, BuiltImage>();
  for (const name of services) {
    const request = serviceBuild(project.context, name, { ...(options.noCache && { noCache: true }), ...(options.buildArgs && { buildArgs: options.buildArgs }) });
    if (!request) continue;
    const key = request.tags![0]!;
    const image = done.get(key) ?? (await project.engine.build({ ...request, ...(options.output && { output: options.output }) }));
    done.set(key, image);
    built.set(name, image);
  }
  return built;
}
