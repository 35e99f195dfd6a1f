// Loads a compose file held in memory, for the container-config tests.
import type { LoaderIO } from '../../../compose-schema/io.js';
import { loadProject } from '../../../compose-schema/load.js';
import type { ProjectContext } from '../../../planner/container-config.js';

export const PROJECT_DIR = '/srv/shop';
export const COMPOSE_FILE = `${PROJECT_DIR}/compose.yaml`;

function memoryIO(files: Readonly<Record<string, string>>): LoaderIO {
  return {
    isFile: (path) => path in files,
    exists: (path) => path in files,
    readCompose: (path) => {
      if (!(path in files)) throw new Error(`unexpected read of ${path}`);
      return files[path]!;
    },
    readOptional: (path) => files[path],
    readStdin: () => '',
  };
}

/** The project of `yaml` (the project's compose.yaml) as the planner gets it. */
export function contextOf(yaml: string, extraFiles: Readonly<Record<string, string>> = {}): ProjectContext {
  const loaded = loadProject({ workingDir: PROJECT_DIR, environment: {}, io: memoryIO({ [COMPOSE_FILE]: yaml, ...extraFiles }) });
  return { project: loaded.project, workingDir: PROJECT_DIR, configFiles: loaded.files };
}
