// Creating a container: a record in the store and the directories its root
// will be made of; no process yet. The record is written last, so a crash
// leaves only a directory without one, which the next create sweeps away.
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { hostname as hostHostname } from 'node:os';
import { join } from 'node:path';
import { EngineError, EngineErrorCode } from '../../errors.js';
import type { ImageStore } from '../images/image-store.js';
import { withLock } from '../../state/lock.js';
import { lockPath } from '../../state/paths.js';
import type { ContainerConfig } from './config.js';
import { writeEtcFiles } from './etc-files.js';
import { containerPaths, containersDir } from './layout.js';
import { checkName, generateName, newContainerId } from './names.js';
import { resolveHealthcheck } from './healthcheck.js';
import { checkSysctls } from './sysctls.js';
import { validateConfig } from './validate.js';
import { inheritedMounts, resolveVolumes } from './volumes.js';
import { containerProcess, type ImageProcessConfig } from './process.js';
import { writeRecord, type ContainerRecord } from './record.js';
import { exposedPorts, portKey, publishAll } from './exposed-ports.js';
import { listContainers } from './store.js';

export async function createContainer(root: string, images: ImageStore, config: ContainerConfig): Promise<ContainerRecord> {
  validateConfig(config);
  checkSysctls(config);
  const manifest = images.resolve(config.image);
  const imageConfig = images.config(manifest);
  // Unpack now, outside the containers lock, so start has nothing slow left.
  await images.layerDirs(manifest);
  return withLock(lockPath(root, 'containers'), 'the container store', () => {
    sweepIncomplete(root);
    const existing = listContainers(root);
    const taken = new Set(existing.map((c) => c.record.name));
    const name = config.name === undefined ? generateName(taken) : checkName(config.name);
    const clash = existing.find((c) => c.record.name === name);
    if (clash) throw new EngineError(EngineErrorCode.Conflict, `the container name "/${name}" is already in use by container "${clash.record.id}": remove or rename that container first`);
    const id = newContainerId();
    const hostNetwork = config.networkMode === 'host';
    // The host's network or UTS namespace: the host's name, as docker gives.
    const hostname = config.hostname || (hostNetwork || config.utsMode === 'host' ? hostHostname() : id.slice(0, 12));
    const processConfig = (imageConfig['config'] ?? {}) as ImageProcessConfig;
    // Volumes are made (or found) now; the record keeps their names, so the volume store sees them used.
    const withInherited = config.volumesFrom?.length ? { ...config, ...inheritedMounts(root, config) } : config;
    const volumes = resolveVolumes(root, withInherited, processConfig.Volumes ?? undefined);
    const exposed = exposedPorts(processConfig.ExposedPorts, config);
    // -P: the ports are fixed now, so every start publishes the same ones.
    const ports = config.publishAll && config.networkMode === 'bridge' ? publishAll(config.ports ?? [], exposed) : config.ports;
    const record: ContainerRecord = {
      id,
      name,
      created: new Date().toISOString(),
      config: { ...withInherited, ...(volumes.length > 0 && { volumes }), ...(ports && ports.length > 0 && { ports }) },
      image: { name: config.image, manifest, id: images.imageId(manifest) },
      process: containerProcess(processConfig, config, hostname),
      hostname,
      stopSignal: config.stopSignal ?? processConfig.StopSignal ?? 'SIGTERM',
      ...(exposed.length > 0 && { exposedPorts: exposed.map(portKey) }),
    };
    const healthcheck = resolveHealthcheck(processConfig.Healthcheck, config.healthcheck);
    if (healthcheck) Object.assign(record, { healthcheck });
    createBindSources(config);
    const paths = containerPaths(root, id);
    mkdirSync(paths.dir, { recursive: true, mode: 0o700 });
    // The upper dir's mode is the mode of the container's /: it must be searchable by every user.
    for (const dir of [paths.upper, paths.work, paths.rootfs]) mkdirSync(dir, { mode: 0o755 });
    writeEtcFiles(paths, hostname, hostNetwork);
    writeRecord(paths.record, record);
    return record;
  });
}

// docker's -v (and compose's short syntax) makes a missing host directory;
// --mount (the long syntax) refuses it unless asked to create it.
function createBindSources(config: ContainerConfig): void {
  for (const bind of config.binds ?? []) {
    if (existsSync(bind.source)) continue;
    if (!bind.createHostPath) throw new EngineError(EngineErrorCode.InvalidConfig, `invalid mount config for type "bind": bind source path does not exist: ${bind.source}`);
    mkdirSync(bind.source, { recursive: true });
  }
}

// Called under the containers lock: a directory without a record is a
// create that died before finishing.
function sweepIncomplete(root: string): void {
  const dir = containersDir(root);
  if (!existsSync(dir)) return;
  for (const id of readdirSync(dir)) {
    if (!existsSync(join(dir, id, 'config.json'))) rmSync(join(dir, id), { recursive: true, force: true });
  }
}
