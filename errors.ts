// The error types every module throws. Library code never exits the process:
// only cli/exit-codes.ts turns a code into an exit status.

/** Where in an input file a problem sits. Lines and columns count from 1. */
export interface SourcePos {
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

export interface FlotillaErrorOptions {
  /** A short suggestion shown under the message. */
  hint?: string;
  /** The input position the message is about, printed as file:line:column. */
  pos?: SourcePos;
  cause?: unknown;
}

/** Base of every error Flotilla raises on purpose; `code` is stable across releases. */
export class FlotillaError extends Error {
  readonly code: string;
  readonly hint?: string;
  readonly pos?: SourcePos;
  /** The exit status the CLI should end with, when not the one its code maps to. */
  exitStatus?: number;

  constructor(code: string, message: string, options: FlotillaErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    if (options.hint !== undefined) this.hint = options.hint;
    if (options.pos !== undefined) this.pos = options.pos;
  }
}

/** Stable codes of errors about the compose project a user gave us. */
export const ComposeErrorCode = {
  /** No compose file found, or a named file is missing or unreadable. */
  FileNotFound: 'FLOTILLA_COMPOSE_FILE_NOT_FOUND',
  FileUnreadable: 'FLOTILLA_COMPOSE_FILE_UNREADABLE',
  /** The file is not YAML we accept (syntax, aliases, nesting, size, binary). */
  Yaml: 'FLOTILLA_COMPOSE_YAML',
  /** A .env or env_file could not be parsed. */
  EnvFile: 'FLOTILLA_COMPOSE_ENV_FILE',
  /** `${VAR:?msg}` with VAR unset, or a malformed `${...}` expression. */
  Interpolation: 'FLOTILLA_COMPOSE_INTERPOLATION',
  /** The tree does not match the compose schema (types, unknown keys). */
  Schema: 'FLOTILLA_COMPOSE_SCHEMA',
  /** A reference to something that is not declared (service, network, volume...). */
  UndefinedReference: 'FLOTILLA_COMPOSE_UNDEFINED_REFERENCE',
  /** A cycle in depends_on / links / extends / include. */
  Cycle: 'FLOTILLA_COMPOSE_CYCLE',
  /** extends points at something that cannot be extended. */
  Extends: 'FLOTILLA_COMPOSE_EXTENDS',
  /** include brings a resource that clashes with one already defined. */
  IncludeConflict: 'FLOTILLA_COMPOSE_INCLUDE_CONFLICT',
  /** A value is well-typed but meaningless (bad port, duration, byte size...). */
  InvalidValue: 'FLOTILLA_COMPOSE_INVALID_VALUE',
  /** The project name is not a valid compose project name. */
  ProjectName: 'FLOTILLA_COMPOSE_PROJECT_NAME',
  /** A valid compose field that Flotilla cannot honour (blkio_config, gpus…): refused, never dropped. */
  Unsupported: 'FLOTILLA_COMPOSE_UNSUPPORTED',
  /** A network or volume under the project's name that belongs to another project or key. */
  ResourceConflict: 'FLOTILLA_COMPOSE_RESOURCE_CONFLICT',
  /** A verb that acts on a service's container found none (not created, not running, no such --index). */
  NoContainer: 'FLOTILLA_COMPOSE_NO_CONTAINER',
  /** `port` asked for a container port that is not published on the host. */
  PortNotPublished: 'FLOTILLA_COMPOSE_PORT_NOT_PUBLISHED',
} as const;
export type ComposeErrorCode = (typeof ComposeErrorCode)[keyof typeof ComposeErrorCode];

/** An error in the compose project: its files, their values or their references. */
export class ComposeError extends FlotillaError {
  declare readonly code: ComposeErrorCode;
  constructor(code: ComposeErrorCode, message: string, options: FlotillaErrorOptions = {}) {
    super(code, message, options);
  }
}

/** Stable codes of errors raised by the container engine. */
export const EngineErrorCode = {
  /** An image reference that does not parse (`Invalid reference format` in docker). */
  InvalidReference: 'FLOTILLA_ENGINE_INVALID_REFERENCE',
  /** Content whose sha256 is not the digest it was stored or fetched under. */
  DigestMismatch: 'FLOTILLA_ENGINE_DIGEST_MISMATCH',
  /** A digest that is not `sha256:` and 64 lowercase hex digits. */
  InvalidDigest: 'FLOTILLA_ENGINE_INVALID_DIGEST',
  /** A layer whose entries would write outside it, or that is not a valid tar. */
  HostileLayer: 'FLOTILLA_ENGINE_HOSTILE_LAYER',
  /** An image archive that is not a docker-archive or OCI layout we can read. */
  InvalidArchive: 'FLOTILLA_ENGINE_INVALID_ARCHIVE',
  /** The request clashes with the store's state (an image with several names…). */
  Conflict: 'FLOTILLA_ENGINE_CONFLICT',
  /** Asked-for content that the store does not have. */
  NotFound: 'FLOTILLA_ENGINE_NOT_FOUND',
  /** Another command held a lock of the store for too long. */
  Busy: 'FLOTILLA_ENGINE_BUSY',
  /** A system call or helper program failed (mount, clone, cgroup write…). */
  System: 'FLOTILLA_ENGINE_SYSTEM',
  /** Container options that cannot be honoured (an unknown capability, no command…). */
  InvalidConfig: 'FLOTILLA_ENGINE_INVALID_CONFIG',
  /** A container is not in a state that allows the request (start a running one…). */
  IncorrectStatus: 'FLOTILLA_ENGINE_INCORRECT_STATUS',
  /** A host port a container publishes is held by another process or container. */
  PortInUse: 'FLOTILLA_ENGINE_PORT_IN_USE',
  /** A static address that is the gateway or another endpoint's. */
  NetworkAddressInUse: 'FLOTILLA_ENGINE_ADDRESS_IN_USE',
  /** No subnet left in the address pools, or no address left in a subnet. */
  NetworkPoolExhausted: 'FLOTILLA_ENGINE_POOL_EXHAUSTED',
} as const;
export type EngineErrorCode = (typeof EngineErrorCode)[keyof typeof EngineErrorCode];

/** An error of the engine: images, containers, volumes, the state store. */
export class EngineError extends FlotillaError {
  declare readonly code: EngineErrorCode;
  constructor(code: EngineErrorCode, message: string, options: FlotillaErrorOptions = {}) {
    super(code, message, options);
  }
}

/** Stable codes of errors raised while building an image from a Dockerfile. */
export const BuildErrorCode = {
  /** A Dockerfile that does not parse: an unknown instruction, a missing argument, a bad flag. */
  Syntax: 'FLOTILLA_BUILD_SYNTAX',
  /** A COPY or ADD source that is not in the context (or the stage it names). */
  SourceNotFound: 'FLOTILLA_BUILD_SOURCE_NOT_FOUND',
  /** A FROM, --from or --target that names no stage and no stored image. */
  StageNotFound: 'FLOTILLA_BUILD_STAGE_NOT_FOUND',
  /** A RUN step whose command ended with a non-zero status. */
  RunFailed: 'FLOTILLA_BUILD_RUN_FAILED',
  /** The context or Dockerfile cannot be read. */
  Context: 'FLOTILLA_BUILD_CONTEXT',
} as const;
export type BuildErrorCode = (typeof BuildErrorCode)[keyof typeof BuildErrorCode];

/** A build that failed; `pos` names the Dockerfile line when one is to blame. */
export class BuildError extends FlotillaError {
  declare readonly code: BuildErrorCode;
  constructor(code: BuildErrorCode, message: string, options: FlotillaErrorOptions = {}) {
    super(code, message, options);
  }
}

/** Stable codes of errors raised talking to an image registry. */
export const RegistryErrorCode = {
  /** The registry could not be reached, or the connection kept failing after the retries. */
  Unreachable: 'FLOTILLA_REGISTRY_UNREACHABLE',
  /** The registry refused our credentials, or asked for ones we do not have. */
  Unauthorized: 'FLOTILLA_REGISTRY_UNAUTHORIZED',
  /** The repository, tag, manifest or blob is not on the registry. */
  NotFound: 'FLOTILLA_REGISTRY_NOT_FOUND',
  /** An answer that breaks the distribution protocol (an unknown manifest type, a malformed challenge…). */
  Protocol: 'FLOTILLA_REGISTRY_PROTOCOL',
  /** No manifest in an image index matches the platform asked for. */
  NoMatchingPlatform: 'FLOTILLA_REGISTRY_NO_MATCHING_PLATFORM',
  /** Plain http to a registry that is neither local nor declared insecure. */
  Insecure: 'FLOTILLA_REGISTRY_INSECURE',
} as const;
export type RegistryErrorCode = (typeof RegistryErrorCode)[keyof typeof RegistryErrorCode];

/** An error of the registry client: pull, push, login, search. */
export class RegistryError extends FlotillaError {
  declare readonly code: RegistryErrorCode;
  constructor(code: RegistryErrorCode, message: string, options: FlotillaErrorOptions = {}) {
    super(code, message, options);
  }
}

/** A command line that cannot be acted on (unknown flag, bad argument). */
export class UsageError extends FlotillaError {
  constructor(message: string, options: FlotillaErrorOptions = {}) {
    super('FLOTILLA_USAGE', message, options);
  }
}

/** What a reader calls a container option: the config's field name (`autoRemove`), or the CLI's flag (`--rm`). */
export type OptionNamer = (option: string) => string;

/**
 * Container options that clash, or a value out of range. `describe` builds
 * the message with each option named by the caller's namer, so the engine
 * speaks of config fields and the CLI of its flags.
 */
export class ContainerConfigError extends EngineError {
  constructor(readonly describe: (name: OptionNamer) => string) {
    super(EngineErrorCode.InvalidConfig, describe((option) => option));
  }
}

/** Stable codes of errors raised by ComposeStack, the API a test suite starts a stack with. */
export const StackErrorCode = {
  /** A container's wait strategy failed, or the startup timeout ended it first. */
  WaitFailed: 'FLOTILLA_STACK_WAIT_FAILED',
  /** What a wait strategy throws when its container can never become ready (it exited, it is unhealthy). */
  NotReady: 'FLOTILLA_STACK_NOT_READY',
  /** A container, port or network the started stack does not have. */
  NotFound: 'FLOTILLA_STACK_NOT_FOUND',
  /** The project name is held by another stack that is still alive. */
  InUse: 'FLOTILLA_STACK_IN_USE',
  /** A call on a stack that was taken down. */
  Closed: 'FLOTILLA_STACK_CLOSED',
} as const;
export type StackErrorCode = (typeof StackErrorCode)[keyof typeof StackErrorCode];

export class StackError extends FlotillaError {
  declare readonly code: StackErrorCode;
  constructor(code: StackErrorCode, message: string, options: FlotillaErrorOptions = {}) {
    super(code, message, options);
  }
}

/** Thrown by a wait strategy: its container cannot become ready any more; `message` says why. */
export class ContainerNotReadyError extends StackError {
  constructor(why: string, options: FlotillaErrorOptions = {}) {
    super(StackErrorCode.NotReady, why, options);
  }
}

/** What a failed wait was: which container, what was awaited, and why it failed. */
export interface WaitFailureDetails {
  /** The container's name in the stack (`web-1`). */
  readonly container: string;
  /** The wait strategy, in words. */
  readonly strategy: string;
  /** Why it failed: the strategy's verdict, or what it saw last when the startup timeout ended it. */
  readonly reason: string;
  /** The container's last log lines, to see what it said. */
  readonly logs: readonly string[];
}

/** A container that did not become ready during a stack's up. */
export class WaitStrategyError extends StackError implements WaitFailureDetails {
  readonly container: string;
  readonly strategy: string;
  readonly reason: string;
  readonly logs: readonly string[];

  constructor(details: WaitFailureDetails, options: FlotillaErrorOptions = {}) {
    super(StackErrorCode.WaitFailed, `container ${details.container} did not become ready (${details.strategy}): ${details.reason}`, options);
    this.container = details.container;
    this.strategy = details.strategy;
    this.reason = details.reason;
    this.logs = details.logs;
  }
}
