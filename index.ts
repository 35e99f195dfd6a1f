// Flotilla's programmatic API. The CLI is one client of it; a test suite can
// be another (load a project, inspect its model, later bring it up).

export { FlotillaError, ComposeError, ComposeErrorCode, UsageError } from './errors.js';
export type { SourcePos } from './errors.js';
export { loadProject } from './compose-schema/load.js';
export type { LoadOptions, LoadedProject, ComposeVariable } from './compose-schema/load.js';
export type { LoaderIO } from './compose-schema/io.js';
export type * from './compose-schema/model.js';
export { projectToSpec, serviceToSpec } from './compose-schema/to-spec.js';
export { serviceConfigHash } from './planner/hash.js';
export { ImageStore } from './engine/images/image-store.js';
export type { ImageSummary, LayerProgress, ImageStoreOptions } from './engine/images/image-store.js';
export { LayerStore } from './engine/images/layer-store.js';
export { FileLock, withFileLock, withFileLockSync, withLock } from './state/lock.js';
export { stateRoot } from './state/paths.js';
export { EngineError, EngineErrorCode, ContainerConfigError } from './errors.js';
export type { OptionNamer } from './errors.js';
export { Engine } from './engine/engine.js';
export type {
  EngineOptions, StartOptions, AttachedStartOptions, OutputStreams, StopOptions, RemoveOptions, NetworkSpec, NetworkInfo,
} from './engine/engine.js';
export type { ConnectOptions, DisconnectOptions } from './engine/network-membership.js';
export { saveImages } from './engine/images/save.js';
export {
  createContainer, startContainer, stopContainer, killContainer, waitContainer, removeContainer, findContainer, listContainers, viewOf,
  followLog, logSize, readLog, signalNumber, ContainerStartError, containerPaths, capabilitySet, containerProcess, mergeEnv, validateConfig,
} from './engine/container/index.js';
export type {
  ContainerConfig, BindMount, TmpfsMount, RestartPolicyName, ContainerView, ContainerRecord, ContainerStatus, ObservedState, LogEntry, LogFilter,
  StartHooks, StartedContainer, StartContainerOptions, RemoveHooks, RemoveContainerOptions, ProcessStreams, ExecOptions, Ulimit as ContainerUlimit,
} from './engine/container/index.js';
export { importImage } from './engine/images/import.js';
export type { ImportOptions, ImportedImage } from './engine/images/import.js';
export { applyChanges, SUPPORTED_CHANGES } from './engine/images/config-changes.js';
export type { ImageRunConfig } from './engine/images/config-changes.js';

// The compose lifecycle: open a project, then up / down / ps / start / stop / restart / rm.
export type { PublishedPortInfo } from './engine/engine.js';
export { openProject, projectImages } from './compose/project.js';
export type { ComposeProject, OpenOptions } from './compose/project.js';
export { up } from './compose/up.js';
export type { UpOptions, RunOptions, RunResult } from './compose/up.js';
export { down, downByName, start, stop, restart, remove } from './compose/lifecycle.js';
export { ps } from './compose/ps.js';
export type { PsEntry, PsOptions } from './compose/ps.js';
export { planToString } from './planner/plan.js';
export type { Plan, PlanNode, ActionKind } from './planner/plan.js';
export type { ProgressEvent, ProgressState } from './planner/progress.js';
export { ActionError } from './planner/executor.js';
export { Label as ComposeLabel } from './planner/labels.js';

// Live reload: the running stack follows its compose files, env files and develop.watch paths.
export { watchProject } from './compose/watch.js';
export type { WatchOptions, ProjectWatch, ApplyOutcome, WatchReport } from './compose/watch.js';
export type { ServiceReport } from './compose/watch-sync.js';
export type { ServiceUpdate, SyncFile, ServiceWatchRule, WatchAction } from './planner/watch.js';
