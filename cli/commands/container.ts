// `flotilla container create|start|stop|restart|kill|rm|ls|logs|inspect|wait`.
import {
  copyFromContainer, copyToContainer, createContainer, execInContainer, findContainer, followLog, killContainer, listContainers, pauseContainer, readLog, removeContainer, startContainer, stopContainer, unpauseContainer, waitContainer,
  type ContainerView, type LogEntry,
} from '../../engine/container/index.js';
import { FlotillaError, UsageError } from '../../errors.js';
import { renderTable } from '../render/table.js';
import { humanAge, humanDuration } from '../render/units.js';
import { containerConfig, type CreateFlags } from './container-options.js';
import { engineContext } from './engine-context.js';

export async function runCreate(image: string, args: string[], flags: CreateFlags): Promise<void> {
  const { root, images } = engineContext();
  const record = await createContainer(root, images, containerConfig(image, args, flags));
  process.stdout.write(`${record.id}\n`);
}

export async function runStart(names: string[], options: { attach?: boolean }): Promise<void> {
  const { root, images } = engineContext();
  if (options.attach) {
    const { attachAndWait } = await import('./container-run.js');
    if (names.length !== 1) throw new UsageError('start --attach takes exactly one container');
    process.exitCode = await attachAndWait(root, images, names[0]!, false);
    return;
  }
  for (const name of names) {
    await startContainer(root, images, name);
    process.stdout.write(`${name}\n`);
  }
}

export async function runStop(names: string[], options: { time?: string; signal?: string }): Promise<void> {
  const { root } = engineContext();
  for (const name of names) {
    await stopContainer(root, name, seconds(options.time), options.signal);
    process.stdout.write(`${name}\n`);
  }
}

export async function runRestart(names: string[], options: { time?: string; signal?: string }): Promise<void> {
  const { root, images } = engineContext();
  for (const name of names) {
    await stopContainer(root, name, seconds(options.time), options.signal);
    await startContainer(root, images, name);
    process.stdout.write(`${name}\n`);
  }
}

export function runKill(names: string[], options: { signal: string }): void {
  const { root } = engineContext();
  for (const name of names) {
    killContainer(root, name, options.signal);
    process.stdout.write(`${name}\n`);
  }
}

export async function runRemove(names: string[], options: { force?: boolean; volumes?: boolean }): Promise<void> {
  const { root } = engineContext();
  const failures: unknown[] = [];
  // Like docker: every name is tried; the errors are reported together.
  for (const name of names) {
    try {
      await removeContainer(root, name, options.force === true, {}, options.volumes === true);
      process.stdout.write(`${name}\n`);
    } catch (err) {
      failures.push(err);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new FlotillaError('FLOTILLA_ENGINE_MULTIPLE', failures.map((e) => (e instanceof Error ? e.message : String(e))).join('; '));
}

interface ListOptions {
  all?: boolean;
  quiet?: boolean;
  trunc?: boolean;
  format?: string;
  filter?: string[];
}

export function runList(options: ListOptions): void {
  const { root } = engineContext();
  const filters = (options.filter ?? []).map(parseFilter);
  const shown = listContainers(root)
    .filter((c) => options.all || c.state.status === 'running' || c.state.status === 'paused' || c.state.status === 'restarting' || filters.some((f) => f.key === 'status'))
    .filter((c) => filters.every((f) => matches(c, f)))
    .reverse(); // newest first, as docker lists
  const id = (c: ContainerView) => (options.trunc === false ? c.record.id : c.record.id.slice(0, 12));
  if (options.quiet) return void process.stdout.write(shown.map((c) => `${id(c)}\n`).join(''));
  const now = Date.now();
  const rows = shown.map((c) => ({
    ID: id(c),
    Image: c.record.image.name,
    Command: quoteCommand(c.record.process.args, options.trunc !== false),
    CreatedAt: c.record.created,
    RunningFor: humanAge(c.record.created, now),
    Status: statusText(c, now),
    State: c.state.status,
    Ports: '',
    Names: c.record.name,
    Labels: Object.entries(c.record.config.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(','),
  }));
  if (options.format === 'json') return void process.stdout.write(rows.map((r) => `${JSON.stringify(r)}\n`).join(''));
  if (options.format !== undefined && options.format !== 'table') throw new UsageError(`unsupported format "${options.format}": use table or json`);
  const table = rows.map((r) => [r.ID, r.Image, r.Command, r.RunningFor, r.Status, r.Ports, r.Names]);
  process.stdout.write(renderTable(['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'], table));
}

export async function runLogs(name: string, options: { follow?: boolean; tail: string; timestamps?: boolean; since?: string; until?: string }): Promise<void> {
  const { root } = engineContext();
  const view = findContainer(root, name);
  const tail = options.tail === 'all' ? undefined : Number(options.tail);
  if (tail !== undefined && !Number.isInteger(tail)) throw new UsageError(`invalid --tail "${options.tail}": a number or all`);
  const filter = { ...(tail !== undefined && { tail }), ...(options.since && { since: pointInTime(options.since) }), ...(options.until && { until: pointInTime(options.until) }) };
  const print = (entry: LogEntry) => (entry.stream === 'stderr' ? process.stderr : process.stdout).write(options.timestamps ? `${entry.time} ${entry.log}` : entry.log);
  readLog(view.paths.log, filter).forEach(print);
  if (!options.follow || view.state.status !== 'running') return;
  const { logSize } = await import('../../engine/container/index.js');
  await followLog(view.paths.log, logSize(view.paths.log), waitContainer(root, view.record.id), print);
}

export async function runExec(name: string, command: string[], options: { detach?: boolean; env?: string[]; user?: string; workdir?: string; privileged?: boolean; tty?: boolean; interactive?: boolean }): Promise<void> {
  if (options.tty && options.interactive && !process.stdin.isTTY) throw new FlotillaError('FLOTILLA_NOT_A_TTY', 'the input device is not a TTY: drop -t, or run from a terminal');
  const { root } = engineContext();
  // The supervisor reads the terminal itself; we only put it in raw mode meanwhile.
  const raw = options.tty === true && options.interactive === true && process.stdin.isTTY === true;
  if (raw) process.stdin.setRawMode(true);
  const env = (options.env ?? []).map((e) => (e.includes('=') ? e : `${e}=${process.env[e] ?? ''}`));
  process.exitCode = await execInContainer(root, name, {
    cmd: command,
    env,
    ...(options.user !== undefined && { user: options.user }),
    ...(options.workdir !== undefined && { workingDir: options.workdir }),
    ...(options.privileged && { privileged: true }),
    ...(options.detach && { detach: true }),
    ...(options.tty && { tty: true }),
  }).finally(() => {
    if (raw) process.stdin.setRawMode(false);
  });
}

export async function runCopy(source: string, destination: string): Promise<void> {
  const { root, images } = engineContext();
  const inContainer = (arg: string) => /^[^/.][^:/]*:/.test(arg);
  if (inContainer(source) === inContainer(destination)) throw new UsageError('copy between a container and the host: CONTAINER:SRC DEST or SRC CONTAINER:DEST');
  const split = (arg: string) => [arg.slice(0, arg.indexOf(':')), arg.slice(arg.indexOf(':') + 1)] as const;
  if (inContainer(source)) {
    const [name, path] = split(source);
    await copyFromContainer(root, images, name, path, destination);
  } else {
    const [name, path] = split(destination);
    await copyToContainer(root, images, name, source, path);
  }
}

export async function runPause(names: string[]): Promise<void> {
  const { root } = engineContext();
  for (const name of names) {
    await pauseContainer(root, name);
    process.stdout.write(`${name}\n`);
  }
}

export async function runUnpause(names: string[]): Promise<void> {
  const { root } = engineContext();
  for (const name of names) {
    await unpauseContainer(root, name);
    process.stdout.write(`${name}\n`);
  }
}

export function runInspect(names: string[]): void {
  const { root } = engineContext();
  process.stdout.write(`${JSON.stringify(names.map((n) => inspectView(findContainer(root, n))), null, 4)}\n`);
}

export async function runWait(names: string[]): Promise<void> {
  const { root } = engineContext();
  for (const name of names) process.stdout.write(`${await waitContainer(root, name)}\n`);
}

function inspectView(view: ContainerView): object {
  const { record, state, paths } = view;
  return {
    Id: record.id,
    Created: record.created,
    Path: record.process.args[0],
    Args: record.process.args.slice(1),
    State: {
      Status: state.status,
      Running: state.status === 'running',
      Paused: state.status === 'paused',
      Restarting: state.status === 'restarting',
      OOMKilled: state.oomKilled,
      Dead: false,
      Pid: state.pid,
      ExitCode: state.exitCode,
      Error: state.error,
      StartedAt: state.startedAt || '0001-01-01T00:00:00Z',
      FinishedAt: state.finishedAt || '0001-01-01T00:00:00Z',
      ...(view.health && { Health: view.health }),
    },
    Image: record.image.id,
    LogPath: paths.log,
    Name: `/${record.name}`,
    RestartCount: state.restartCount,
    HostConfig: {
      Binds: [...(record.config.binds ?? []).map((b) => `${b.source}:${b.target}${b.readOnly ? ':ro' : ''}`), ...(record.config.volumes ?? []).map((v) => `${v.name}:${v.target}${v.readOnly ? ':ro' : ''}`)],
      NetworkMode: record.config.networkMode === 'private' ? 'default' : (record.config.networkMode ?? 'default'),
      RestartPolicy: { Name: record.config.restart?.name ?? 'no', MaximumRetryCount: record.config.restart?.maximumRetryCount ?? 0 },
      AutoRemove: record.config.autoRemove === true,
      CapAdd: record.config.capAdd ?? null,
      CapDrop: record.config.capDrop ?? null,
      Privileged: record.config.privileged === true,
      ReadonlyRootfs: record.config.readOnly === true,
      ShmSize: record.config.shmSize ?? 67108864,
      Memory: record.config.resources?.memory ?? 0,
      NanoCpus: Math.round((record.config.resources?.cpus ?? 0) * 1e9),
      CpuShares: record.config.resources?.cpuShares ?? 0,
      PidsLimit: record.config.resources?.pidsLimit ?? null,
    },
    Config: {
      Hostname: record.hostname,
      Domainname: record.config.domainname ?? '',
      User: record.process.user,
      Env: record.process.env,
      Cmd: record.config.cmd ?? null,
      Image: record.image.name,
      WorkingDir: record.process.workingDir,
      Entrypoint: record.config.entrypoint ?? null,
      Labels: record.config.labels ?? {},
      StopSignal: record.stopSignal,
      ...(record.healthcheck && {
        Healthcheck: {
          Test: record.config.healthcheck?.test ?? ['CMD', ...record.healthcheck.args],
          Interval: record.healthcheck.interval * 1e6,
          Timeout: record.healthcheck.timeout * 1e6,
          StartPeriod: record.healthcheck.startPeriod * 1e6,
          StartInterval: record.healthcheck.startInterval * 1e6,
          Retries: record.healthcheck.retries,
        },
      }),
    },
  };
}

function statusText(c: ContainerView, now: number): string {
  const since = (iso: string) => humanDuration(now - Date.parse(iso));
  switch (c.state.status) {
    case 'running':
      return `Up ${since(c.state.startedAt)}${healthSuffix(c)}`;
    case 'paused':
      return `Up ${since(c.state.startedAt)} (Paused)`;
    case 'restarting':
      return `Restarting (${c.state.exitCode}) ${since(c.state.finishedAt)} ago`;
    case 'exited':
      return `Exited (${c.state.exitCode}) ${since(c.state.finishedAt)} ago`;
    default:
      return 'Created';
  }
}

function healthSuffix(c: ContainerView): string {
  if (!c.health) return '';
  return c.health.Status === 'starting' ? ' (health: starting)' : ` (${c.health.Status})`;
}

function quoteCommand(args: readonly string[], truncate: boolean): string {
  const text = args.join(' ');
  return `"${truncate && text.length > 20 ? `${text.slice(0, 19)}…` : text}"`;
}

function parseFilter(text: string): { key: string; value: string } {
  const eq = text.indexOf('=');
  const key = eq < 0 ? text : text.slice(0, eq);
  if (!['name', 'id', 'label', 'status'].includes(key)) throw new UsageError(`invalid filter "${text}": use name=, id=, label= or status=`);
  return { key, value: eq < 0 ? '' : text.slice(eq + 1) };
}

function matches(c: ContainerView, filter: { key: string; value: string }): boolean {
  switch (filter.key) {
    case 'name':
      return c.record.name.includes(filter.value);
    case 'id':
      return c.record.id.startsWith(filter.value);
    case 'status':
      return c.state.status === filter.value;
    default: {
      const eq = filter.value.indexOf('=');
      const labels = c.record.config.labels ?? {};
      return eq < 0 ? Object.hasOwn(labels, filter.value) : labels[filter.value.slice(0, eq)] === filter.value.slice(eq + 1);
    }
  }
}

function seconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw new UsageError(`invalid --time "${text}": a whole number of seconds`);
  return Number(text);
}

/** An RFC 3339 time as given, or a duration (`10m`, `1h30m`, `45s`) before now. */
function pointInTime(text: string): string {
  const duration = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(text);
  if (duration && text !== '') {
    const ms = (Number(duration[1] ?? 0) * 3600 + Number(duration[2] ?? 0) * 60 + Number(duration[3] ?? 0)) * 1000;
    return new Date(Date.now() - ms).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
  }
  if (Number.isNaN(Date.parse(text))) throw new UsageError(`invalid time "${text}": RFC 3339 or a duration such as 10m`);
  return new Date(Date.parse(text)).toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}
