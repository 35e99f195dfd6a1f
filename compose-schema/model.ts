// The normalized project: every short syntax expanded to the compose spec's
// long form, with the spec's own field names, so printing it gives what a
// `docker compose config` user recognizes. Durations are nanoseconds (as Go's
// time.Duration), byte sizes are bytes. Plain readonly data, no behaviour.

/** Nanoseconds. */
export type Duration = number;
/** Bytes. */
export type ByteSize = number;

export interface Project {
  readonly name: string;
  readonly services: Readonly<Record<string, Service>>;
  readonly networks: Readonly<Record<string, Network>>;
  readonly volumes: Readonly<Record<string, Volume>>;
  readonly secrets: Readonly<Record<string, SecretOrConfig>>;
  readonly configs: Readonly<Record<string, SecretOrConfig>>;
  /** Top-level `x-*` extensions, kept as written. */
  readonly extensions?: Readonly<Record<string, unknown>>;
}

export interface Service {
  readonly image?: string;
  readonly build?: Build;
  readonly command?: readonly string[] | null;
  readonly entrypoint?: readonly string[] | null;
  readonly environment?: Readonly<Record<string, string | null>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly annotations?: Readonly<Record<string, string>>;
  readonly ports?: readonly ServicePort[];
  readonly expose?: readonly string[];
  readonly volumes?: readonly ServiceVolume[];
  readonly volumes_from?: readonly string[];
  readonly tmpfs?: readonly string[];
  readonly depends_on?: Readonly<Record<string, ServiceDependency>>;
  readonly links?: readonly string[];
  readonly network_mode?: string;
  /** `null` for a plain attachment, as docker compose prints it. */
  readonly networks?: Readonly<Record<string, ServiceNetwork | null>>;
  readonly healthcheck?: Healthcheck;
  readonly restart?: string;
  readonly deploy?: Deploy;
  readonly scale?: number;
  readonly container_name?: string;
  readonly hostname?: string;
  readonly domainname?: string;
  readonly user?: string;
  readonly working_dir?: string;
  readonly read_only?: boolean;
  readonly privileged?: boolean;
  readonly init?: boolean;
  readonly tty?: boolean;
  readonly stdin_open?: boolean;
  readonly cap_add?: readonly string[];
  readonly cap_drop?: readonly string[];
  readonly security_opt?: readonly string[];
  readonly devices?: readonly ServiceDevice[];
  readonly dns?: readonly string[];
  readonly dns_search?: readonly string[];
  readonly dns_opt?: readonly string[];
  /** `host=address` entries. */
  readonly extra_hosts?: readonly string[];
  readonly ulimits?: Readonly<Record<string, { readonly soft: number; readonly hard: number }>>;
  readonly sysctls?: Readonly<Record<string, string>>;
  readonly mem_limit?: ByteSize;
  readonly mem_reservation?: ByteSize;
  readonly memswap_limit?: ByteSize;
  readonly shm_size?: ByteSize;
  readonly cpus?: number;
  readonly cpu_shares?: number;
  readonly cpuset?: string;
  readonly pids_limit?: number;
  readonly stop_signal?: string;
  readonly stop_grace_period?: Duration;
  readonly secrets?: readonly FileReference[];
  readonly configs?: readonly FileReference[];
  readonly profiles?: readonly string[];
  readonly pull_policy?: string;
  readonly logging?: { readonly driver?: string; readonly options?: Readonly<Record<string, string | number | null>> };
  /** Every other spec key, kept in the spec's long form. */
  readonly [key: string]: unknown;
}

export interface Build {
  readonly context: string;
  readonly dockerfile?: string;
  readonly dockerfile_inline?: string;
  readonly args?: Readonly<Record<string, string | null>>;
  readonly labels?: Readonly<Record<string, string>>;
  readonly target?: string;
  readonly shm_size?: ByteSize;
  readonly [key: string]: unknown;
}

export interface ServicePort {
  readonly name?: string;
  readonly mode: string;
  readonly host_ip?: string;
  readonly target: number;
  /** A port or a range (`8080`, `9000-9001`); absent for an ephemeral host port. */
  readonly published?: string;
  readonly protocol: string;
  readonly app_protocol?: string;
}

export interface ServiceVolume {
  readonly type: 'bind' | 'volume' | 'tmpfs' | 'npipe' | 'cluster' | 'image';
  readonly source?: string;
  readonly target: string;
  readonly read_only?: boolean;
  readonly consistency?: string;
  readonly bind?: { readonly propagation?: string; readonly create_host_path?: boolean; readonly selinux?: string; readonly recursive?: string };
  readonly volume?: { readonly nocopy?: boolean; readonly subpath?: string };
  readonly tmpfs?: { readonly size?: ByteSize; readonly mode?: number };
  readonly image?: { readonly subpath?: string };
}

export interface ServiceDependency {
  readonly condition: 'service_started' | 'service_healthy' | 'service_completed_successfully';
  readonly required: boolean;
  readonly restart?: boolean;
}

export interface ServiceNetwork {
  readonly aliases?: readonly string[];
  readonly ipv4_address?: string;
  readonly ipv6_address?: string;
  readonly priority?: number;
  readonly [key: string]: unknown;
}

export interface Healthcheck {
  /** `["CMD", …]`, `["CMD-SHELL", cmd]` or `["NONE"]`. */
  readonly test?: readonly string[];
  readonly interval?: Duration;
  readonly timeout?: Duration;
  readonly retries?: number;
  readonly start_period?: Duration;
  readonly start_interval?: Duration;
  readonly disable?: boolean;
}

export interface Deploy {
  readonly replicas?: number;
  readonly resources?: {
    readonly limits?: { readonly cpus?: number; readonly memory?: ByteSize; readonly pids?: number };
    readonly reservations?: { readonly cpus?: number; readonly memory?: ByteSize };
  };
  readonly restart_policy?: { readonly condition?: string; readonly delay?: Duration; readonly max_attempts?: number; readonly window?: Duration };
  readonly [key: string]: unknown;
}

export interface ServiceDevice {
  readonly source: string;
  readonly target: string;
  readonly permissions?: string;
}

export interface FileReference {
  readonly source: string;
  readonly target?: string;
  readonly uid?: string;
  readonly gid?: string;
  readonly mode?: number;
}

export interface Network {
  /** The name the network has on the host: `<project>_<key>` unless set. */
  readonly name: string;
  readonly driver?: string;
  readonly driver_opts?: Readonly<Record<string, string | number>>;
  readonly external?: boolean;
  readonly internal?: boolean;
  readonly attachable?: boolean;
  readonly enable_ipv6?: boolean;
  readonly ipam?: {
    readonly driver?: string;
    readonly config?: readonly { readonly subnet?: string; readonly ip_range?: string; readonly gateway?: string }[];
  };
  readonly labels?: Readonly<Record<string, string>>;
}

export interface Volume {
  readonly name: string;
  readonly driver?: string;
  readonly driver_opts?: Readonly<Record<string, string | number>>;
  readonly external?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}

export interface SecretOrConfig {
  readonly name: string;
  readonly file?: string;
  readonly environment?: string;
  readonly content?: string;
  readonly external?: boolean;
  readonly labels?: Readonly<Record<string, string>>;
}
