// What exists of a project, as plain data read from the engine's labels in
// one pass (planner/observe.ts). The reconcile step compares it with the
// model; nothing here touches the system.
import type { ContainerConfig } from '../engine/container/config.js';

export type ObservedStatus = 'created' | 'running' | 'paused' | 'restarting' | 'exited';

export interface ObservedContainer {
  readonly id: string;
  readonly name: string;
  readonly service: string;
  /** com.docker.compose.container-number. */
  readonly number: number;
  readonly oneoff: boolean;
  readonly status: ObservedStatus;
  readonly exitCode: number;
  /** Only for containers with a healthcheck that has reported. */
  readonly health?: 'starting' | 'healthy' | 'unhealthy';
  readonly configHash: string;
  /** The image ID (config digest) the container was made from. */
  readonly imageId: string;
  /** ISO time of creation. */
  readonly created: string;
  readonly labels: Readonly<Record<string, string>>;
  /** What the container was made with: recreate reasons name the fields that differ. */
  readonly config: ContainerConfig;
}

export interface ObservedNetwork {
  readonly id: string;
  /** The name on the host (`<project>_<key>` unless the file names it). */
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly internal: boolean;
  readonly subnet: string;
  readonly gateway: string;
  /** Ids of the containers attached now. */
  readonly containers: readonly string[];
}

export interface ObservedVolume {
  readonly name: string;
  readonly driver: string;
  readonly labels: Readonly<Record<string, string>>;
}

export interface Observed {
  readonly project: string;
  /** The project's containers (labelled with its name), oldest first. */
  readonly containers: readonly ObservedContainer[];
  /** Every network on the engine: external ones are found by name. */
  readonly networks: readonly ObservedNetwork[];
  /** Every volume on the engine: external ones are found by name. */
  readonly volumes: readonly ObservedVolume[];
  /** Image reference as the file writes it → its image ID, for the images the project uses that are stored. */
  readonly images: Readonly<Record<string, string>>;
  /** Image reference → when it was last pulled (ISO time), for pull_policy daily / weekly / every_N. */
  readonly pulledAt?: Readonly<Record<string, string>>;
  /** When this snapshot was taken (ms since the epoch): the planner's clock. */
  readonly observedAt?: number;
}
