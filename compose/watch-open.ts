// Opening a project for live reload: the same as openProject, noting every
// file the loader read or looked for, and turning a load that fails into a
// value (the watch goes on with the project it had).
import { realIO, recordingIO } from '../compose-schema/io.js';
import { openProject, type ComposeProject, type OpenOptions } from './project.js';

export interface WatchedOpen {
  /** Absent when the load failed. */
  readonly project?: ComposeProject;
  readonly error?: unknown;
  /** Absolute paths, sorted: what a change to reloads the project. */
  readonly files: readonly string[];
}

export function openWatched(options: OpenOptions): WatchedOpen {
  const recorder = recordingIO(options.io ?? realIO());
  try {
    const project = openProject({ ...options, io: recorder.io });
    return { project, files: recorder.paths() };
  } catch (error) {
    return { error, files: recorder.paths() };
  }
}
