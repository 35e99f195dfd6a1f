// What `flotilla info` and `flotilla version` report of the engine, as
// docker info does: counts of containers by state and of images, how roots
// are made (overlay), the cgroup hierarchy in use, the kernel, the host, and
// the state root. Read from the state store and the host; changes nothing.
import { readFileSync } from 'node:fs';
import { arch, cpus, hostname, release, totalmem } from 'node:os';
import { detectHierarchy } from './cgroups/index.js';
import type { ContainerView } from './container/index.js';

/** Flotilla's release (package.json's version), shown by `version` and `info`. */
export const FLOTILLA_VERSION = '0.1.0';

export interface EngineInfo {
  readonly containers: { readonly total: number; readonly running: number; readonly paused: number; readonly stopped: number };
  readonly images: number;
  /** overlay2 in docker's words: a container's root is an overlay of its image's layers. */
  readonly storageDriver: 'overlay2';
  /** Flotilla writes cgroup files itself (docker's cgroupfs driver), never through systemd. */
  readonly cgroupDriver: 'cgroupfs';
  readonly cgroupVersion: '1' | '2';
  readonly kernelVersion: string;
  readonly operatingSystem: string;
  readonly architecture: string;
  readonly cpus: number;
  readonly memoryBytes: number;
  readonly hostname: string;
  readonly root: string;
}

export function engineInfo(root: string, containers: readonly ContainerView[], imageCount: number): EngineInfo {
  const count = (status: string) => containers.filter((c) => c.state.status === status).length;
  const running = count('running') + count('restarting');
  const paused = count('paused');
  return {
    containers: { total: containers.length, running, paused, stopped: containers.length - running - paused },
    images: imageCount,
    storageDriver: 'overlay2',
    cgroupDriver: 'cgroupfs',
    cgroupVersion: cgroupVersion(),
    kernelVersion: release(),
    operatingSystem: operatingSystem(),
    // docker prints the kernel's machine name (x86_64), not Node's (x64).
    architecture: ({ x64: 'x86_64', arm64: 'aarch64' } as Record<string, string>)[arch()] ?? arch(),
    cpus: cpus().length,
    memoryBytes: totalmem(),
    hostname: hostname(),
    root,
  };
}

function cgroupVersion(): '1' | '2' {
  try {
    return detectHierarchy().version === 2 ? '2' : '1';
  } catch {
    // No cgroup mount at all: containers cannot start, but info still has its other answers.
    return '1';
  }
}

/** PRETTY_NAME of /etc/os-release, as docker info shows it. */
function operatingSystem(): string {
  try {
    const line = readFileSync('/etc/os-release', 'utf8').split('\n').find((l) => l.startsWith('PRETTY_NAME='));
    return line ? line.slice('PRETTY_NAME='.length).replace(/^"|"$/g, '') : 'linux';
  } catch {
    return 'linux';
  }
}
