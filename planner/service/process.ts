// What runs in a service's container and how it is looked after: command,
// environment, identity, healthcheck, restart policy, stop and logs.
import type { Healthcheck, Service } from '../../compose-schema/model.js';
import { parseByteSize } from '../../compose-schema/units.js';
import type { ContainerConfig, HealthcheckConfig, RestartPolicyName } from '../../engine/container/config.js';
import { invalidValue, unsupported } from './problems.js';

type ProcessFields =
  | 'cmd'
  | 'entrypoint'
  | 'env'
  | 'user'
  | 'workingDir'
  | 'groupAdd'
  | 'hostname'
  | 'domainname'
  | 'tty'
  | 'openStdin'
  | 'init'
  | 'stopSignal'
  | 'stopTimeout';

export function processFields(service: Service): Pick<ContainerConfig, ProcessFields> {
  return {
    ...(service.command !== undefined && { cmd: [...service.command] }),
    ...(service.entrypoint !== undefined && { entrypoint: [...service.entrypoint] }),
    env: environment(service),
    ...(service.user !== undefined && { user: service.user }),
    ...(service.working_dir !== undefined && { workingDir: service.working_dir }),
    ...(service.group_add !== undefined && { groupAdd: [...service.group_add] }),
    ...(service.hostname !== undefined && { hostname: service.hostname }),
    ...(service.domainname !== undefined && { domainname: service.domainname }),
    ...(service.tty === true && { tty: true }),
    ...(service.stdin_open === true && { openStdin: true }),
    ...(service.init === true && { init: true }),
    ...(service.stop_signal !== undefined && { stopSignal: service.stop_signal }),
    // Whole seconds, cut down as docker compose does (1.5s gives 1).
    ...(service.stop_grace_period !== undefined && { stopTimeout: Math.trunc(service.stop_grace_period / 1e9) }),
  };
}

/** KEY=VALUE in the file's order; a variable with no value anywhere is left out, as docker does. */
function environment(service: Service): string[] {
  return Object.entries(service.environment ?? {})
    .filter((entry): entry is [string, string] => entry[1] !== null)
    .map(([key, value]) => `${key}=${value}`);
}

const NS_PER_MS = 1_000_000;

/** The service's healthcheck over the image's, durations in ms; `disable` turns the image's off. */
export function healthcheck(check: Healthcheck | undefined): HealthcheckConfig | undefined {
  if (check === undefined) return undefined;
  if (check.disable === true) return { test: ['NONE'] };
  const ms = (ns: number | undefined) => (ns === undefined ? undefined : Math.round(ns / NS_PER_MS));
  const fields: HealthcheckConfig = {
    ...(check.test !== undefined && { test: [...check.test] }),
    interval: ms(check.interval),
    timeout: ms(check.timeout),
    startPeriod: ms(check.start_period),
    startInterval: ms(check.start_interval),
    retries: check.retries,
  };
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined)) as HealthcheckConfig;
}

const CONDITIONS: Readonly<Record<string, RestartPolicyName>> = {
  no: 'no',
  none: 'no',
  always: 'always',
  any: 'always',
  'on-failure': 'on-failure',
  'unless-stopped': 'unless-stopped',
};

/**
 * `restart`, or deploy.restart_policy when given (it wins, as in docker
 * compose). The policy's delay and window only mean something to a swarm
 * and are ignored by docker compose too.
 */
export function restartPolicy(name: string, service: Service): NonNullable<ContainerConfig['restart']> {
  const policy = service.deploy?.restart_policy;
  if (policy !== undefined) {
    const condition = policy.condition ?? 'no';
    const mapped = CONDITIONS[condition] ?? fail(name, `deploy.restart_policy.condition "${condition}" is not one of none, on-failure, any`);
    return { name: mapped, ...(policy.max_attempts !== undefined && mapped === 'on-failure' && { maximumRetryCount: policy.max_attempts }) };
  }
  const text = service.restart ?? 'no';
  const match = /^(no|always|unless-stopped|on-failure)(?::(\d+))?$/.exec(text);
  if (!match || (match[2] !== undefined && match[1] !== 'on-failure')) {
    throw invalidValue(name, `restart "${text}" is not one of no, always, unless-stopped, on-failure[:max-retries]`);
  }
  return { name: match[1] as RestartPolicyName, ...(match[2] !== undefined && { maximumRetryCount: Number(match[2]) }) };
}

const LOG_DRIVERS = new Set(['json-file', 'local']);

/** json-file and local keep the container's output in files, which is what Flotilla does; their size options apply. */
export function logSettings(name: string, service: Service): NonNullable<ContainerConfig['log']> {
  const driver = service.logging?.driver;
  if (driver !== undefined && !LOG_DRIVERS.has(driver)) throw unsupported(name, `logging driver "${driver}"`, 'json-file and local are');
  const log: { maxSize?: number; maxFiles?: number } = {};
  for (const [option, value] of Object.entries(service.logging?.options ?? {})) {
    if (option === 'max-size') log.maxSize = parseByteSize(value) ?? fail(name, `logging.options.max-size "${value}" is not a size such as 10m`);
    else if (option === 'max-file') log.maxFiles = /^[1-9]\d*$/.test(value) ? Number(value) : fail(name, `logging.options.max-file "${value}" is not a positive number`);
    else throw unsupported(name, `logging.options.${option}`, 'max-size and max-file are');
  }
  return log;
}

// Containers get Docker's default seccomp profile (seccomp:unconfined turns it
// off); Flotilla loads no AppArmor or SELinux profile, so the options that ask
// for none are honoured as they are; any other would run the container with
// less confinement than the file asks for. A seccomp profile file is read by
// the engine's flag (container run --security-opt), not from the file yet.
const UNCONFINED = /^(?:seccomp[:=]unconfined|apparmor[:=]unconfined|label[:=]disable)$/;

/** security_opt → whether no-new-privileges is on. */
export function noNewPrivileges(name: string, service: Service): boolean {
  let enabled = false;
  for (const option of service.security_opt ?? []) {
    const nnp = /^no-new-privileges(?:[:=](true|false))?$/.exec(option);
    if (nnp) enabled = nnp[1] !== 'false';
    else if (!UNCONFINED.test(option)) throw unsupported(name, `security_opt "${option}"`, 'no-new-privileges, seccomp:unconfined, apparmor:unconfined and label:disable are');
  }
  return enabled;
}

/** security_opt → 'unconfined' when it turns the default seccomp profile off. */
export function seccompMode(service: Service): 'unconfined' | undefined {
  return (service.security_opt ?? []).some((option) => /^seccomp[:=]unconfined$/.test(option)) ? 'unconfined' : undefined;
}

function fail(name: string, message: string): never {
  throw invalidValue(name, message);
}
