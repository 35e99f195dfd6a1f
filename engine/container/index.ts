// The container engine's public pieces.
export type { BindMount, ContainerConfig, HealthcheckConfig, NetworkAttachmentConfig, NetworkMode, PortBindingConfig, RestartPolicyName, TmpfsMount, Ulimit, VolumeMountConfig } from './config.js';
export { createContainer } from './create.js';
export { ContainerStartError, startContainer, type StartHooks, type StartedContainer, type TerminalSize } from './start.js';
export { killContainer, signalNumber, stopContainer, waitContainer } from './stop.js';
export { removeContainer, type RemoveHooks } from './remove.js';
export { findContainer, listContainers, viewOf, type ContainerView } from './store.js';
export { followLog, logSize, readLog, type LogEntry, type LogFilter } from './logs.js';
export type { ContainerRecord, HealthState } from './record.js';
export { resolveHealthcheck, type ResolvedHealthcheck } from './healthcheck.js';
export type { ContainerStatus, ObservedState } from './status.js';
export { containerPaths } from './layout.js';
export { capabilitySet, containerProcess, mergeEnv } from './process.js';
export { pauseContainer, unpauseContainer } from './pause.js';
export { resizeTerminal } from './terminal.js';
export { execInContainer, type ExecOptions } from './exec.js';
export { containerPids, containerStats, type ContainerStats } from './inspect-processes.js';
export { copyFromContainer, copyToContainer } from './copy.js';
export { updateContainerNetworks } from './networks.js';
