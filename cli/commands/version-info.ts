// `flotilla version`, `flotilla info` (as docker prints them: the engine's
// drivers, kernel, counts and state root) and `flotilla compose version`
// (as docker compose prints its own).
import { COMPOSE_VERSION, Engine, FLOTILLA_VERSION, UsageError, type EngineInfo } from '../../index.js';
import { renderInspect } from '../render/formats.js';

export function runComposeVersion(flags: { short?: boolean; format?: string }): void {
  if (flags.format !== undefined && flags.format !== 'json' && flags.format !== 'pretty') throw new UsageError(`invalid --format "${flags.format}": use pretty or json`);
  if (flags.short) process.stdout.write(`${FLOTILLA_VERSION}\n`);
  else if (flags.format === 'json') process.stdout.write(`${JSON.stringify({ version: `v${FLOTILLA_VERSION}` })}\n`);
  else process.stdout.write(`Flotilla Compose version v${FLOTILLA_VERSION} (follows docker compose ${COMPOSE_VERSION})\n`);
}

const platform = () => ({ Os: 'linux', Arch: process.arch === 'x64' ? 'amd64' : process.arch });

export function runVersion(flags: { format?: string }): void {
  const info = new Engine().info();
  const version = {
    Client: { Version: FLOTILLA_VERSION, NodeVersion: process.version, ...platform() },
    Server: { Version: FLOTILLA_VERSION, KernelVersion: info.kernelVersion, ...platform(), StorageDriver: info.storageDriver, CgroupDriver: info.cgroupDriver, CgroupVersion: info.cgroupVersion, RootDir: info.root },
  };
  if (flags.format !== undefined) {
    process.stdout.write(renderInspect([version], flags.format));
    return;
  }
  const { Client: c, Server: s } = version;
  process.stdout.write(
    block('Client: Flotilla', [['Version', c.Version], ['Node version', c.NodeVersion], ['OS/Arch', `${c.Os}/${c.Arch}`]]) +
      '\n' +
      block('Server: Flotilla Engine (embedded)', [['Version', s.Version], ['Kernel', s.KernelVersion], ['OS/Arch', `${s.Os}/${s.Arch}`], ['Storage Driver', s.StorageDriver], ['Cgroup Driver', s.CgroupDriver], ['Cgroup Version', s.CgroupVersion], ['Root Dir', s.RootDir]]),
  );
}

function block(title: string, rows: readonly (readonly [string, string])[]): string {
  const width = Math.max(...rows.map(([k]) => k.length)) + 2;
  return `${title}\n${rows.map(([k, v]) => ` ${`${k}:`.padEnd(width)}${v}\n`).join('')}`;
}

/** docker info's field names, so `-f '{{.Driver}}'` and scripts written for docker work. */
export function infoFields(info: EngineInfo): Record<string, string | number> {
  return {
    Containers: info.containers.total, ContainersRunning: info.containers.running, ContainersPaused: info.containers.paused, ContainersStopped: info.containers.stopped,
    Images: info.images, Driver: info.storageDriver, CgroupDriver: info.cgroupDriver, CgroupVersion: info.cgroupVersion, KernelVersion: info.kernelVersion,
    OperatingSystem: info.operatingSystem, OSType: 'linux', Architecture: info.architecture, NCPU: info.cpus, MemTotal: info.memoryBytes, Name: info.hostname,
    ServerVersion: FLOTILLA_VERSION, DockerRootDir: info.root,
  };
}

export function runInfo(flags: { format?: string }): void {
  const info = new Engine().info();
  if (flags.format !== undefined) {
    process.stdout.write(renderInspect([infoFields(info)], flags.format));
    return;
  }
  const lines = [
    'Server:',
    ` Containers: ${info.containers.total}`,
    `  Running: ${info.containers.running}`,
    `  Paused: ${info.containers.paused}`,
    `  Stopped: ${info.containers.stopped}`,
    ` Images: ${info.images}`,
    ` Server Version: ${FLOTILLA_VERSION}`,
    ` Storage Driver: ${info.storageDriver}`,
    ` Cgroup Driver: ${info.cgroupDriver}`,
    ` Cgroup Version: ${info.cgroupVersion}`,
    ` Kernel Version: ${info.kernelVersion}`,
    ` Operating System: ${info.operatingSystem}`,
    ' OSType: linux',
    ` Architecture: ${info.architecture}`,
    ` CPUs: ${info.cpus}`,
    ` Total Memory: ${(info.memoryBytes / 1024 ** 3).toFixed(2)}GiB`,
    ` Name: ${info.hostname}`,
    ` Flotilla Root Dir: ${info.root}`,
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
}
