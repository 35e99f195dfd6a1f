// docker compose's label keys, so tools that read them (and docker compose
// itself) recognize what Flotilla made.
export const Label = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  containerNumber: 'com.docker.compose.container-number',
  oneoff: 'com.docker.compose.oneoff',
  configHash: 'com.docker.compose.config-hash',
  dependsOn: 'com.docker.compose.depends_on',
  image: 'com.docker.compose.image',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  environmentFile: 'com.docker.compose.project.environment_file',
  version: 'com.docker.compose.version',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
  /** On a pre_start runner: the kind of hook it runs, and which of the service's hooks. */
  hook: 'com.docker.compose.hook',
  hookIndex: 'com.docker.compose.hook.index',
  /** On a replacement made under a temporary name: the id of the container it replaces. */
  replaces: 'com.docker.compose.replace',
} as const;

/** The value of com.docker.compose.version: the docker compose release whose behaviour Flotilla follows. */
export const COMPOSE_VERSION = '5.0.0';
