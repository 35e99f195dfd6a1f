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
export { BuildError, BuildErrorCode } from './errors.js';
export type { BuildRequest, BuiltImage } from './engine/build/build.js';
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
export { build } from './compose/build.js';
export type { BuildOptions } from './compose/build.js';
export type { UpOptions, RunOptions, RunResult } from './compose/up.js';
export { down, downByName, start, stop, restart, remove } from './compose/lifecycle.js';
export { ps } from './compose/ps.js';
export type { PsEntry, PsOptions } from './compose/ps.js';
export { planToString } from './planner/plan.js';
export type { Plan, PlanNode, ActionKind } from './planner/plan.js';
export type { ProgressEvent, ProgressState } from './planner/progress.js';
export { ActionError } from './planner/executor.js';
export { Label as ComposeLabel } from './planner/labels.js';

// The API a test suite starts a stack with: ComposeStack, its wait strategies, and the calls below it.
export { ComposeStack } from './compose/stack.js';
export { withPullPolicy } from './compose/stack-start.js';
export { pullProject } from './compose/pull.js';
export type { ProjectPullOptions, ProjectPullEvent, ProjectPullResult } from './compose/pull.js';
export { RegistryError, RegistryErrorCode } from './errors.js';
export type { PullOptions, PullProgress, PullResult, PushOptions, PushProgress, PushResult } from './engine/engine.js';
export type { PullPolicy } from './compose/stack.js';
export { StartedComposeStack } from './compose/started-stack.js';
export type { StackDownOptions } from './compose/started-stack.js';
export { StackContainer } from './compose/stack-container.js';
export type { ExecResult, StackExecOptions, StackLogsOptions, ContainerStopOptions } from './compose/stack-container.js';
export { Wait } from './compose/wait/index.js';
export type { WaitStrategy, WaitTarget, HttpWaitOptions } from './compose/wait/index.js';
export { plan } from './compose/plan-up.js';
export { StackError, StackErrorCode, ContainerNotReadyError, WaitStrategyError } from './errors.js';
export type { WaitFailureDetails } from './errors.js';
export type { NetworkAddress } from './engine/engine.js';

// The compose verbs that reach into containers: logs, exec, run, attach, cp, kill, pause, unpause, top, port, wait.
export { projectContainers, serviceContainer } from './compose/select.js';
export type { ContainerSelection } from './compose/select.js';
export { logs, followLogs, logContainers, nanoTime } from './compose/logs.js';
export type { LogsOptions, FollowOptions, LogLine } from './compose/logs.js';
export { exec } from './compose/exec.js';
export type { ComposeExecOptions, ComposeExecResult } from './compose/exec.js';
export { run } from './compose/run.js';
export type { RunOneOffOptions, RunOneOffResult } from './compose/run.js';
export type { OneOffSettings } from './compose/run-config.js';
export { attach } from './compose/attach.js';
export type { ComposeAttachOptions } from './compose/attach.js';
export { copy, splitCopyArgument } from './compose/copy.js';
export type { CopyOptions } from './compose/copy.js';
export { kill, pause, unpause } from './compose/signals.js';
export type { KillOptions, SignalOptions, ContainerEvent, ContainerEventState } from './compose/signals.js';
export { top } from './compose/top.js';
export type { ContainerProcesses } from './compose/top.js';
export type { ProcessTable } from './engine/engine.js';
export { port } from './compose/port.js';
export type { PortOptions, PublishedAddress } from './compose/port.js';
export { wait } from './compose/wait.js';
export type { WaitOptions, ContainerExit } from './compose/wait.js';

// Project-wide compose verbs and their progress: ls, images, stats, events, graph, scale.
export { shownResources } from './planner/progress.js';
export { listProjects } from './compose/ls.js';
export type { ProjectSummary, ListProjectsOptions } from './compose/ls.js';
export { projectImageList } from './compose/images.js';
export type { ProjectImage } from './compose/images.js';
export { projectEvents } from './compose/events.js';
export type { ComposeEvent, EventsOptions } from './compose/events.js';
export { dependencyGraph } from './compose/graph.js';
export type { DependencyGraph, GraphService, GraphEdge } from './compose/graph.js';
export { scale } from './compose/scale.js';
export type { ScaleOptions } from './compose/scale.js';
export { COMPOSE_VERSION } from './planner/labels.js';
export { FLOTILLA_VERSION } from './engine/info.js';
export type { EngineInfo } from './engine/info.js';
export type { ContainerEvent as EngineContainerEvent, ContainerAction } from './engine/container-events.js';
export type { WatchEventsOptions } from './engine/event-watch.js';

// Live reload: the running stack follows its compose files, env files and develop.watch paths.
export { watchProject } from './compose/watch.js';
export type { WatchOptions, ProjectWatch, ApplyOutcome, WatchReport } from './compose/watch.js';
export type { ServiceReport } from './compose/watch-sync.js';
export type { ServiceUpdate, SyncFile, ServiceWatchRule, WatchAction } from './planner/watch.js';
