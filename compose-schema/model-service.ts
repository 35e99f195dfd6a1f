// The pieces of a normalized service: build, ports, volumes, dependencies,
// healthcheck, deploy and the other nested keys, in the spec's long form.
// model.ts explains the choices they share.
import type { ByteSize, Duration, Extensions } from './model.js';

type Dict<T> = Readonly<Record<string, T>>;
type List<T> = readonly T[];

export interface Build extends Extensions {
  /** An absolute path or a URL; the project directory when not given. */
  readonly context: string;
  /** `Dockerfile` unless given or dockerfile_inline is used. */
  readonly dockerfile?: string;
  readonly dockerfile_inline?: string;
  readonly additional_contexts?: Dict<string>;
  /** Entries with no value take the environment's; unset ones are left out, as compose does. */
  readonly args?: Dict<string>;
  readonly cache_from?: List<string>;
  readonly cache_to?: List<string>;
  readonly entitlements?: List<string>;
  readonly extra_hosts?: List<string>;
  readonly isolation?: string;
  readonly labels?: Dict<string>;
  readonly network?: string;
  readonly no_cache?: boolean;
  readonly no_cache_filter?: List<string>;
  readonly platforms?: List<string>;
  readonly privileged?: boolean;
  readonly provenance?: string;
  readonly pull?: boolean;
  readonly sbom?: string;
  readonly secrets?: List<ServiceFileReference>;
  readonly shm_size?: ByteSize;
  /** Key id → path; null for the agent's default socket. */
  readonly ssh?: Dict<string | null>;
  readonly tags?: List<string>;
  readonly target?: string;
  readonly ulimits?: Dict<Ulimit>;
}

export interface ServicePort {
  readonly name?: string;
  readonly mode: string;
  readonly host_ip?: string;
  readonly target: number;
  /** A port or a range (`8080`, `9000-9001`), as docker compose prints it; absent for an ephemeral port. */
  readonly published?: string;
  readonly protocol: string;
  readonly app_protocol?: string;
}

export interface ServiceVolume extends Extensions {
  readonly type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image';
  /** Absent for an anonymous volume and for tmpfs. */
  readonly source?: string;
  readonly target: string;
  readonly read_only?: boolean;
  readonly consistency?: string;
  /** The short syntax and a written `bind:` default create_host_path to true. */
  readonly bind?: { readonly propagation?: string; readonly create_host_path?: boolean; readonly selinux?: 'z' | 'Z'; readonly recursive?: string };
  /** The short syntax gives every volume (named or anonymous) this, possibly empty, as compose does. */
  readonly volume?: { readonly nocopy?: boolean; readonly subpath?: string; readonly labels?: Dict<string> };
  readonly tmpfs?: { readonly size?: ByteSize; readonly mode?: number };
  readonly image?: { readonly subpath?: string };
}

export interface ServiceDependency {
  readonly condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  /** False: the dependency may be missing (disabled by a profile). */
  readonly required: boolean;
  /** Restart this service when the dependency restarts (links and `service:` modes imply it). */
  readonly restart?: boolean;
}

export interface ServiceNetwork extends Extensions {
  readonly aliases?: List<string>;
  readonly driver_opts?: Dict<string>;
  readonly gw_priority?: number;
  readonly interface_name?: string;
  readonly ipv4_address?: string;
  readonly ipv6_address?: string;
  readonly link_local_ips?: List<string>;
  readonly mac_address?: string;
  readonly priority?: number;
}

export interface Healthcheck extends Extensions {
  /** `["CMD", …]`, `["CMD-SHELL", cmd]` (from a string) or `["NONE"]`. */
  readonly test?: List<string>;
  readonly interval?: Duration;
  readonly timeout?: Duration;
  readonly retries?: number;
  readonly start_period?: Duration;
  readonly start_interval?: Duration;
  readonly disable?: boolean;
}

export interface Ulimit {
  readonly soft: number;
  readonly hard: number;
}

export interface ServiceDevice {
  readonly source: string;
  readonly target?: string;
  /** `rwm` unless the short syntax says otherwise. */
  readonly permissions?: string;
}

/** A secret or config mounted in a service (or given to a build). */
export interface ServiceFileReference extends Extensions {
  readonly source: string;
  /** For secrets, `/run/secrets/<source>` unless given. */
  readonly target?: string;
  readonly uid?: string;
  readonly gid?: string;
  /** File mode bits (0o440 for `mode: "0440"`); printed back in octal. */
  readonly mode?: number;
}

export interface DeviceRequest {
  readonly capabilities?: List<string>;
  /** `all` unless a count or device_ids are given. */
  readonly count?: number | 'all';
  readonly device_ids?: List<string>;
  readonly driver?: string;
  readonly options?: Dict<string>;
}

export interface ServiceHook extends Extensions {
  readonly command?: List<string>;
  readonly user?: string;
  readonly privileged?: boolean;
  readonly working_dir?: string;
  readonly environment?: Dict<string | null>;
}

export interface WatchRule extends Extensions {
  readonly path: string;
  readonly action: string;
  readonly target?: string;
  readonly ignore?: List<string>;
  readonly include?: List<string>;
  readonly initial_sync?: boolean;
  readonly exec?: ServiceHook;
}

export interface BlkioConfig {
  readonly weight?: number;
  readonly weight_device?: List<{ readonly path: string; readonly weight: number }>;
  readonly device_read_bps?: List<{ readonly path: string; readonly rate: ByteSize }>;
  readonly device_read_iops?: List<{ readonly path: string; readonly rate: number }>;
  readonly device_write_bps?: List<{ readonly path: string; readonly rate: ByteSize }>;
  readonly device_write_iops?: List<{ readonly path: string; readonly rate: number }>;
}

export interface Deploy extends Extensions {
  readonly mode?: string;
  readonly endpoint_mode?: string;
  /** Equal to `scale` when both are given. */
  readonly replicas?: number;
  readonly labels?: Dict<string>;
  readonly resources?: {
    readonly limits?: Resource;
    readonly reservations?: Resource & { readonly devices?: List<DeviceRequest> };
  };
  readonly restart_policy?: { readonly condition?: string; readonly delay?: Duration; readonly max_attempts?: number; readonly window?: Duration };
  readonly update_config?: UpdateConfig;
  readonly rollback_config?: UpdateConfig;
  readonly placement?: {
    readonly constraints?: List<string>;
    readonly preferences?: List<{ readonly spread?: string }>;
    readonly max_replicas_per_node?: number;
  };
}

export interface Resource {
  readonly cpus?: number;
  readonly memory?: ByteSize;
  readonly pids?: number;
  readonly generic_resources?: List<unknown>;
}

export interface UpdateConfig {
  readonly parallelism?: number;
  readonly delay?: Duration;
  readonly failure_action?: string;
  readonly monitor?: Duration;
  readonly max_failure_ratio?: number;
  readonly order?: string;
}
