// Where one container's files live: its record, the supervisor's state, its
// log, the overlay's upper and work dirs, and the files bound over /etc.
import { join } from 'node:path';

export interface ContainerPaths {
  readonly dir: string;
  /** The container's record: id, name, config, image, process (written by the engine). */
  readonly record: string;
  /** key=value lines written by the supervisor. */
  readonly state: string;
  /** The supervisor's launch spec. */
  readonly spec: string;
  /** Present while a stop is asked for: the restart policy does not apply. */
  readonly stopMarker: string;
  readonly log: string;
  /** The healthcheck's status and last results (JSON, written by the supervisor). */
  readonly health: string;
  readonly rootfs: string;
  readonly upper: string;
  readonly work: string;
  readonly hostname: string;
  readonly hosts: string;
  readonly resolvConf: string;
  /** With a terminal: the size the client asks for ("ROWS COLS"), read by the supervisor on SIGWINCH. */
  readonly ttySize: string;
  /** A restart policy given by `container update` while the container runs ("NAME MAX"), read by its supervisor. */
  readonly restartPolicy: string;
}

export function containersDir(root: string): string {
  return join(root, 'containers');
}

export function containerPaths(root: string, id: string): ContainerPaths {
  const dir = join(containersDir(root), id);
  return {
    dir,
    record: join(dir, 'config.json'),
    state: join(dir, 'state'),
    spec: join(dir, 'spec'),
    stopMarker: join(dir, 'stopping'),
    log: join(dir, `${id}-json.log`),
    health: join(dir, 'health.json'),
    rootfs: join(dir, 'rootfs'),
    upper: join(dir, 'upper'),
    work: join(dir, 'work'),
    hostname: join(dir, 'hostname'),
    hosts: join(dir, 'hosts'),
    resolvConf: join(dir, 'resolv.conf'),
    ttySize: join(dir, 'tty-size'),
    restartPolicy: join(dir, 'restart-policy'),
  };
}
