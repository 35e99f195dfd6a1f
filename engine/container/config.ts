// What a container is made from: docker's create options, engine-level and
// compose-free. The planner (or the `container` commands) fills it in.

import type { CgroupLimits } from '../cgroups/index.js';
import type { SeccompProfile } from './seccomp/profile.js';

export type RestartPolicyName = 'no' | 'always' | 'on-failure' | 'unless-stopped';

export interface BindMount {
  readonly source: string;
  readonly target: string;
  readonly readOnly?: boolean;
  /** Make a missing source directory (docker's -v and compose's short syntax); otherwise it is an error. */
  readonly createHostPath?: boolean;
}

/** A volume mounted in the container: named, or anonymous (no name: one is made for it). */
export interface VolumeMountConfig {
  readonly name?: string;
  readonly target: string;
  readonly readOnly?: boolean;
  /** Do not fill a new, empty volume with the image's content at the target. */
  readonly noCopy?: boolean;
  /** Made for this container alone (no name, or from the image's VOLUME list): removed with it by `rm -v`. */
  readonly anonymous?: boolean;
}

export interface TmpfsMount {
  readonly target: string;
  /** Mount data such as `size=65536k,mode=1777`. */
  readonly options?: string;
}

export interface Ulimit {
  readonly name: string;
  readonly soft: number;
  readonly hard: number;
}

/** docker's healthcheck: `test` is ['CMD', ...], ['CMD-SHELL', cmd] or ['NONE']; durations in ms. */
export interface HealthcheckConfig {
  readonly test?: readonly string[];
  readonly interval?: number;
  readonly timeout?: number;
  readonly startPeriod?: number;
  readonly startInterval?: number;
  readonly retries?: number;
}

export type NetworkMode = 'bridge' | 'none' | 'host' | `container:${string}`;

export interface NetworkAttachmentConfig {
  /** Network name or id. */
  readonly network: string;
  readonly aliases?: readonly string[];
  readonly ipv4Address?: string;
  readonly macAddress?: string;
}

export interface PortBindingConfig {
  readonly containerPort: number;
  readonly protocol: 'tcp' | 'udp';
  readonly hostIp?: string;
  /** Absent or 0: an ephemeral port. With hostPortEnd: any free port of the range. */
  readonly hostPort?: number;
  readonly hostPortEnd?: number;
}

/** A namespace the container shares instead of having its own: the host's, or another running container's. */
export type SharedNamespaceMode = 'host' | `container:${string}`;

/** A host device given to the container (docker's --device HOST[:CONTAINER][:PERMISSIONS]). */
export interface DeviceMapping {
  readonly hostPath: string;
  readonly containerPath: string;
  /** What the device cgroup lets the container do with it: r, w and m (mknod). */
  readonly permissions: string;
}

export interface ContainerConfig {
  readonly image: string;
  readonly name?: string;
  /** Replaces the image's Cmd when given. */
  readonly cmd?: readonly string[];
  /** Replaces the image's Entrypoint (and drops its Cmd) when given; `[]` clears it. */
  readonly entrypoint?: readonly string[];
  /** KEY=VALUE entries over the image's Env. */
  readonly env?: readonly string[];
  readonly workingDir?: string;
  readonly user?: string;
  readonly groupAdd?: readonly string[];
  readonly hostname?: string;
  readonly domainname?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly binds?: readonly BindMount[];
  readonly volumes?: readonly VolumeMountConfig[];
  /** Mount every bind and volume of these containers too (docker's --volumes-from NAME[:ro|rw]). */
  readonly volumesFrom?: readonly { readonly container: string; readonly readOnly?: boolean }[];
  readonly tmpfs?: readonly TmpfsMount[];
  readonly readOnly?: boolean;
  readonly privileged?: boolean;
  readonly capAdd?: readonly string[];
  readonly capDrop?: readonly string[];
  readonly noNewPrivileges?: boolean;
  /**
   * The container's seccomp filter: `unconfined` for none, or a profile in
   * Docker's format (seccompSecurityOption reads one); absent, Docker's
   * default profile. A privileged container has none either way.
   */
  readonly seccomp?: 'unconfined' | SeccompProfile;
  readonly ulimits?: readonly Ulimit[];
  readonly sysctls?: Readonly<Record<string, string>>;
  readonly shmSize?: number;
  /**
   * `bridge`: its own network namespace, joined to `networks` by the start
   * hooks (loopback only without them); `none`: loopback only; `host`: the
   * host's; `container:ID`: another running container's (docker's modes).
   * Absent means `none`.
   */
  readonly networkMode?: NetworkMode;
  /** docker's --oom-score-adj (-1000 to 1000): how readily the kernel's OOM killer picks the container's processes. */
  readonly oomScoreAdj?: number;
  /** Host devices the container may use besides the default ones. */
  readonly devices?: readonly DeviceMapping[];
  /** docker's --pid: `host` or `container:NAME` shares that process namespace (absent: the container's own). */
  readonly pidMode?: SharedNamespaceMode;
  /** docker's --ipc: `host` or `container:NAME` shares that IPC namespace and /dev/shm (absent: the container's own). */
  readonly ipcMode?: SharedNamespaceMode;
  /** docker's --uts host: the host's host and domain names (absent: the container's own). */
  readonly utsMode?: 'host';
  /** Networks to join in bridge mode, in priority order (eth0 first); none listed: the default network. */
  readonly networks?: readonly NetworkAttachmentConfig[];
  /** Published ports (docker's -p), one host port or port range per container port. */
  readonly ports?: readonly PortBindingConfig[];
  /** Ports exposed besides the image's (docker's --expose): published only with publishAll. */
  readonly expose?: readonly { readonly containerPort: number; readonly protocol: 'tcp' | 'udp' }[];
  /** docker's -P: every exposed port gets an ephemeral host port (create adds them to ports). */
  readonly publishAll?: boolean;
  /** docker's --link: ALIAS resolves as TARGET does, for this container only. */
  readonly links?: readonly { readonly alias: string; readonly target: string }[];
  readonly dns?: readonly string[];
  readonly dnsSearch?: readonly string[];
  readonly dnsOptions?: readonly string[];
  /** Lines added to /etc/hosts (docker's --add-host HOST:IP). */
  readonly extraHosts?: readonly { readonly host: string; readonly ip: string }[];
  readonly restart?: { readonly name: RestartPolicyName; readonly maximumRetryCount?: number };
  readonly stopSignal?: string;
  /** Seconds between the stop signal and SIGKILL. */
  readonly stopTimeout?: number;
  readonly autoRemove?: boolean;
  /** Overrides the image's healthcheck field by field; test ['NONE'] disables it. */
  readonly healthcheck?: HealthcheckConfig;
  /** Give the command a terminal (docker's -t). */
  readonly tty?: boolean;
  /** Keep stdin open: an attached start hands the caller's stdin to the container (docker's -i). */
  readonly openStdin?: boolean;
  /** Run a small init as PID 1 that reaps zombies and forwards signals (docker's --init). */
  readonly init?: boolean;
  readonly log?: { readonly maxSize?: number; readonly maxFiles?: number };
  /** Memory, CPU and pids limits, applied through the container's cgroup. */
  readonly resources?: CgroupLimits;
}
