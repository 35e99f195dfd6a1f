// A compose project opened for the lifecycle verbs: the loaded model, the
// context the planner builds containers from, and the engine it runs on.
import { dirname, resolve } from 'node:path';
import { loadProject, type LoadedProject, type LoadOptions } from '../compose-schema/load.js';
import { Engine } from '../engine/engine.js';
import { withLock } from '../state/lock.js';
import { lockPath } from '../state/paths.js';
import type { ProjectContext } from '../planner/container-config.js';

export interface ComposeProject {
  readonly name: string;
  readonly loaded: LoadedProject;
  readonly context: ProjectContext;
  readonly engine: Engine;
}

export interface OpenOptions extends LoadOptions {
  /** The engine to run on; a new one on FLOTILLA_ROOT (or /var/lib/flotilla) when not given. */
  readonly engine?: Engine;
}

export function openProject(options: OpenOptions = {}): ComposeProject {
  const loaded = loadProject(options);
  const workingDir = resolve(options.projectDirectory ?? (loaded.files[0] && loaded.files[0] !== '-' ? dirname(loaded.files[0]) : (options.workingDir ?? process.cwd())));
  const context: ProjectContext = { project: loaded.project, workingDir, configFiles: loaded.files };
  return { name: loaded.project.name, loaded, context, engine: options.engine ?? new Engine() };
}

/** The image references the project's services name (what observe looks up). */
export function projectImages(project: ComposeProject): string[] {
  return [...new Set(Object.entries(project.loaded.project.services).map(([key, s]) => s.image ?? `${project.name}-${key}`))].sort();
}

// Long enough for a slow `up` of the same project to finish: the second command waits, then finds nothing to do.
const PROJECT_LOCK_WAIT_SECONDS = 600;

/** Runs `work` holding the project's lock, so two verbs on one project never interleave. */
export function withProjectLock<T>(engine: Engine, project: string, work: () => Promise<T>): Promise<T> {
  return withLock(lockPath(engine.root, `project-${project}`), `project ${project}`, work, PROJECT_LOCK_WAIT_SECONDS);
}
