// `flotilla pull` for a project, as `docker compose pull`: the image of each
// selected service (and of what they depend on, with includeDeps), each
// distinct image once. Services that are built, or whose pull_policy is
// never, are skipped. With ignoreFailures an image that cannot be pulled is
// reported and the rest go on; otherwise the first failure ends the pull.
import { ComposeError, ComposeErrorCode } from '../errors.js';
import type { PullProgress, PullResult } from '../engine/engine.js';
import type { ComposeProject } from './project.js';

export interface ProjectPullOptions {
  /** Only these services; every one when empty. */
  readonly services?: readonly string[];
  readonly includeDeps?: boolean;
  readonly ignoreFailures?: boolean;
  /** `missing`: only images not stored yet; `always` (the default): all. */
  readonly policy?: 'missing' | 'always';
  /** An image begins (`Pulling`), ends (`Pulled`) or fails (`Error`); layer progress in between. */
  readonly onEvent?: (event: ProjectPullEvent) => void;
}

export type ProjectPullEvent =
  | { readonly image: string; readonly services: readonly string[]; readonly state: 'Pulling' | 'Skipped' }
  | { readonly image: string; readonly services: readonly string[]; readonly state: 'Pulled'; readonly result: PullResult }
  | { readonly image: string; readonly services: readonly string[]; readonly state: 'Error'; readonly error: unknown }
  | { readonly image: string; readonly services: readonly string[]; readonly state: 'Progress'; readonly progress: PullProgress };

export interface ProjectPullResult {
  readonly pulled: readonly PullResult[];
  /** Images that failed, with their error (only with ignoreFailures; otherwise the pull throws). */
  readonly failed: readonly { readonly image: string; readonly error: unknown }[];
}

export async function pullProject(project: ComposeProject, options: ProjectPullOptions = {}): Promise<ProjectPullResult> {
  const images = imagesToPull(project, options);
  const pulled: PullResult[] = [];
  const failed: { image: string; error: unknown }[] = [];
  for (const [image, services] of images) {
    const event = { image, services };
    if (options.policy === 'missing' && project.engine.imageId(image) !== undefined) {
      options.onEvent?.({ ...event, state: 'Skipped' });
      continue;
    }
    options.onEvent?.({ ...event, state: 'Pulling' });
    try {
      const onProgress = options.onEvent && ((progress: PullProgress) => options.onEvent!({ ...event, state: 'Progress', progress }));
      const result = await project.engine.pull(image, onProgress ? { onProgress } : {});
      pulled.push(result);
      options.onEvent?.({ ...event, state: 'Pulled', result });
    } catch (error) {
      options.onEvent?.({ ...event, state: 'Error', error });
      if (!options.ignoreFailures) throw error;
      failed.push({ image, error });
    }
  }
  return { pulled, failed };
}

/** Image → the services using it, for the services selected; sorted by image. */
function imagesToPull(project: ComposeProject, options: ProjectPullOptions): Map<string, string[]> {
  const services = project.loaded.project.services;
  const selected = options.services?.length ? [...options.services] : Object.keys(services);
  for (const name of selected) {
    if (!services[name]) throw new ComposeError(ComposeErrorCode.UndefinedReference, `no such service: ${name}`);
  }
  const wanted = new Set<string>();
  const visit = (name: string) => {
    if (wanted.has(name) || !services[name]) return;
    wanted.add(name);
    if (options.includeDeps) Object.keys(services[name]!.depends_on ?? {}).forEach(visit);
  };
  selected.forEach(visit);
  const byImage = new Map<string, string[]>();
  for (const name of [...wanted].sort()) {
    const service = services[name]!;
    if (!service.image || service.pull_policy === 'never' || service.pull_policy === 'build' || (service.build && service.pull_policy === undefined)) continue;
    byImage.set(service.image, [...(byImage.get(service.image) ?? []), name]);
  }
  return new Map([...byImage].sort(([a], [b]) => (a < b ? -1 : 1)));
}
