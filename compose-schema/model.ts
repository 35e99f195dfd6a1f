// The normalized project: every short syntax expanded to the compose spec's
// long form, under the spec's own field names, so that printing it gives
// what a `docker compose config` user recognizes. Plain readonly data.
//
// Choices that differ from the files as written:
// - durations are numbers of nanoseconds (Go's time.Duration), byte sizes
//   numbers of bytes; to-spec.ts prints durations back as Go does;
// - `env_file` and `label_file` are gone: their contents are merged under
//   `environment` and `labels`, as `docker compose config` shows them;
// - lists that stand for mappings (environment, labels, networks,
//   depends_on...) are mappings;
// - `x-*` extensions stay where they were written, unchanged.
import type {
  BlkioConfig,
  Build,
  Deploy,
  DeviceRequest,
  Healthcheck,
  ServiceDependency,
  ServiceDevice,
  ServiceFileReference,
  ServiceHook,
  ServiceNetwork,
  ServicePort,
  ServiceVolume,
  Ulimit,
  WatchRule,
} from './model-service.js';

export type * from './model-service.js';

/** Nanoseconds. */
export type Duration = number;
/** Bytes. */
export type ByteSize = number;
type Dict<T> = Readonly<Record<string, T>>;
type List<T> = readonly T[];

/** `x-*` keys, kept as written. */
export interface Extensions {
  readonly [key: `x-${string}`]: unknown;
}

export interface Project extends Extensions {
  readonly name: string;
  readonly services: Dict<Service>;
  readonly networks: Dict<Network>;
  readonly volumes: Dict<Volume>;
  readonly secrets: Dict<Secret>;
  readonly configs: Dict<Config>;
  readonly models?: Dict<Model>;
}

export interface Service extends Extensions {
  readonly annotations?: Dict<string>;
  readonly attach?: boolean;
  readonly blkio_config?: BlkioConfig;
  readonly build?: Build;
  readonly cap_add?: List<string>;
  readonly cap_drop?: List<string>;
  readonly cgroup?: string;
  readonly cgroup_parent?: string;
  /** Split into words as docker compose does; `[]` clears the image's command. */
  readonly command?: List<string>;
  readonly configs?: List<ServiceFileReference>;
  readonly container_name?: string;
  readonly cpu_count?: number;
  readonly cpu_percent?: number;
  readonly cpu_period?: number;
  readonly cpu_quota?: number;
  readonly cpu_rt_period?: number;
  readonly cpu_rt_runtime?: number;
  readonly cpu_shares?: number;
  readonly cpus?: number;
  readonly cpuset?: string;
  readonly credential_spec?: { readonly config?: string; readonly file?: string; readonly registry?: string };
  /** Declared dependencies plus those links, volumes_from and `service:` modes imply. */
  readonly depends_on?: Dict<ServiceDependency>;
  readonly deploy?: Deploy;
  readonly develop?: { readonly watch?: List<WatchRule> };
  readonly device_cgroup_rules?: List<string>;
  readonly devices?: List<ServiceDevice>;
  readonly dns?: List<string>;
  readonly dns_opt?: List<string>;
  readonly dns_search?: List<string>;
  readonly domainname?: string;
  readonly entrypoint?: List<string>;
  /** env_file contents under the service's own entries; null: no value anywhere (compose keeps the key). */
  readonly environment?: Dict<string | null>;
  readonly expose?: List<string>;
  readonly external_links?: List<string>;
  /** `host=address`, sorted, one entry per address. */
  readonly extra_hosts?: List<string>;
  readonly gpus?: List<DeviceRequest>;
  readonly group_add?: List<string>;
  readonly healthcheck?: Healthcheck;
  readonly hostname?: string;
  readonly image?: string;
  readonly init?: boolean;
  readonly ipc?: string;
  readonly isolation?: string;
  /** label_file contents under the service's own labels. */
  readonly labels?: Dict<string>;
  readonly links?: List<string>;
  readonly logging?: { readonly driver?: string; readonly options?: Dict<string> };
  readonly mac_address?: string;
  readonly mem_limit?: ByteSize;
  readonly mem_reservation?: ByteSize;
  readonly mem_swappiness?: number;
  readonly memswap_limit?: ByteSize;
  readonly models?: Dict<{ readonly endpoint_var?: string; readonly model_var?: string } | null>;
  readonly network_mode?: string;
  /** `null` for a plain attachment, as docker compose prints it; `{default: null}` when none is given. */
  readonly networks?: Dict<ServiceNetwork | null>;
  readonly oom_kill_disable?: boolean;
  readonly oom_score_adj?: number;
  readonly pid?: string;
  readonly pids_limit?: number;
  readonly platform?: string;
  readonly ports?: List<ServicePort>;
  readonly post_start?: List<ServiceHook>;
  /** Run before the container's own command, each in the container as a one-off process (docker compose v5). */
  readonly pre_start?: List<ServiceHook>;
  readonly pre_stop?: List<ServiceHook>;
  readonly privileged?: boolean;
  readonly profiles?: List<string>;
  readonly provider?: { readonly type: string; readonly options?: Dict<List<string>> };
  /** `if_not_present` is read as its newer name, `missing`. */
  readonly pull_policy?: string;
  readonly pull_refresh_after?: string;
  readonly read_only?: boolean;
  readonly restart?: string;
  readonly runtime?: string;
  readonly scale?: number;
  readonly secrets?: List<ServiceFileReference>;
  readonly security_opt?: List<string>;
  readonly shm_size?: ByteSize;
  readonly stdin_open?: boolean;
  readonly stop_grace_period?: Duration;
  readonly stop_signal?: string;
  readonly storage_opt?: Dict<string>;
  readonly sysctls?: Dict<string>;
  readonly tmpfs?: List<string>;
  readonly tty?: boolean;
  /** A single number n reads as `{soft: n, hard: n}`. */
  readonly ulimits?: Dict<Ulimit>;
  readonly use_api_socket?: boolean;
  readonly user?: string;
  readonly userns_mode?: string;
  readonly uts?: string;
  readonly volumes?: List<ServiceVolume>;
  readonly volumes_from?: List<string>;
  readonly working_dir?: string;
}

export interface Network extends Extensions {
  /** The name on the host: `<project>_<key>` unless given; an external network's own name or its key. */
  readonly name: string;
  readonly driver?: string;
  readonly driver_opts?: Dict<string>;
  readonly external?: boolean;
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly enable_ipv4?: boolean;
  readonly enable_ipv6?: boolean;
  readonly ipam?: {
    readonly driver?: string;
    readonly config?: List<{ readonly subnet?: string; readonly ip_range?: string; readonly gateway?: string; readonly aux_addresses?: Dict<string> }>;
    readonly options?: Dict<string>;
  };
  readonly labels?: Dict<string>;
}

export interface Volume extends Extensions {
  /** As for networks: `<project>_<key>` unless given or external. */
  readonly name: string;
  readonly driver?: string;
  readonly driver_opts?: Dict<string>;
  readonly external?: boolean;
  readonly labels?: Dict<string>;
}

/** A top-level secret; named as networks are. `content` is never printed. */
export interface Secret extends Extensions {
  readonly name: string;
  readonly file?: string;
  readonly environment?: string;
  readonly content?: string;
  readonly external?: boolean;
  readonly labels?: Dict<string>;
  readonly driver?: string;
  readonly driver_opts?: Dict<string>;
  readonly template_driver?: string;
}

/** A top-level config; named as networks are. */
export type Config = Secret;

export interface Model extends Extensions {
  readonly name?: string;
  readonly model: string;
  readonly context_size?: number;
  readonly runtime_flags?: List<string>;
}
