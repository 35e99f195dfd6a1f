// Service fields that are valid compose but that Flotilla's engine has no
// way to honour. A file using one is refused by name: running the container
// without it would quietly give the user something else than they asked for.
import { arch } from 'node:process';
import type { Service } from '../../compose-schema/model.js';
import { unsupported } from './problems.js';

// Present at all (any value) means a container Flotilla cannot make.
const ALWAYS = [
  'blkio_config',
  'cgroup',
  'cgroup_parent',
  'cpu_rt_period',
  'cpu_rt_runtime',
  'cpu_count',
  'cpu_percent',
  'gpus',
  'isolation',
  'runtime',
  'storage_opt',
  'userns_mode',
  'credential_spec',
  'device_cgroup_rules',
  'mem_swappiness',
  'models',
  'provider',
] as const satisfies readonly (keyof Service)[];

// Switches whose `false` is what Flotilla does anyway.
const WHEN_TRUE = ['oom_kill_disable', 'use_api_socket'] as const satisfies readonly (keyof Service)[];

/** Throws the unsupported error for the first field of `service` Flotilla cannot honour. */
export function checkSupported(name: string, service: Service): void {
  for (const field of ALWAYS) {
    if (service[field] !== undefined) throw unsupported(name, field);
  }
  for (const field of WHEN_TRUE) {
    if (service[field] === true) throw unsupported(name, field);
  }
  if (service.deploy?.resources?.reservations?.devices !== undefined) throw unsupported(name, 'deploy.resources.reservations.devices');
  if (service.platform !== undefined && !isHostPlatform(service.platform)) {
    throw unsupported(name, `platform "${service.platform}"`, `only linux/${hostArchitecture()} containers run on this host`);
  }
}

/** `linux`, `linux/<arch>` or `linux/<arch>/<variant>` for the architecture this process runs on. */
function isHostPlatform(platform: string): boolean {
  const [os, architecture, ...rest] = platform.toLowerCase().split('/');
  if (os !== 'linux' || rest.length > 1) return false;
  return architecture === undefined || architecture === hostArchitecture();
}

// Node's names for the architectures against the OCI ones.
function hostArchitecture(): string {
  const oci: Record<string, string> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };
  return oci[arch] ?? arch;
}
