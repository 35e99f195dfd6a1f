// `flotilla container create|start|stop|restart|kill|rm|prune|rename|update|logs|exec|cp|pause|unpause|wait`
// (ls and inspect are in container-view.ts).
import {
  copyFromContainer, copyToContainer, createContainer, execInContainer, findContainer, followLog, killContainer, pauseContainer, pruneContainers, readLog, renameContainer, updateContainer, removeContainer, startContainer, stopContainer, unpauseContainer, waitContainer,
  type LogEntry, type PruneFilter,
} from '../../engine/container/index.js';
import { FlotillaError, UsageError } from '../../errors.js';
import { cidFile, containerConfig, resources, restartPolicy, type CreateFlags } from './container-options.js';
import { forEachName } from './each-name.js';
import { engineContext } from './engine-context.js';
import { humanSize } from '../render/units.js';

export async function runCreate(image: string, args: string[], flags: CreateFlags): Promise<void> {
  const { root, images } = engineContext();
  const config = containerConfig(image, args, flags);
  const cid = cidFile(flags);
  const record = await createContainer(root, images, config);
  cid.write(record.id);
  process.stdout.write(`${record.id}\n`);
}

export async function runStart(names: string[], options: { attach?: boolean }): Promise<void> {
  const context = engineContext();
  const { root, images, hooks } = context;
  if (options.attach) {
    const { attachAndWait } = await import('./container-run.js');
    if (names.length !== 1) throw new UsageError('start --attach takes exactly one container');
    // A --rm container goes once it has ended, as docker start -a does.
    process.exitCode = await attachAndWait(context, names[0]!, findContainer(root, names[0]!).record.config.autoRemove === true);
    return;
  }
  for (const name of names) {
    await startContainer(root, images, name, hooks);
    process.stdout.write(`${name}\n`);
  }
}

export async function runStop(names: string[], options: { time?: string; signal?: string }): Promise<void> {
  const { root, hooks } = engineContext();
  for (const name of names) {
    await stopContainer(root, name, seconds(options.time), options.signal);
    await hooks.release(findContainer(root, name).record.id);
    process.stdout.write(`${name}\n`);
  }
}

export async function runRestart(names: string[], options: { time?: string; signal?: string }): Promise<void> {
  const { root, images, hooks } = engineContext();
  for (const name of names) {
    await stopContainer(root, name, seconds(options.time), options.signal);
    await startContainer(root, images, name, hooks);
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
  const { root, hooks } = engineContext();
  await forEachName(names, async (name) => void (await removeContainer(root, name, options.force === true, hooks, options.volumes === true)));
}

export async function runUpdate(names: string[], flags: CreateFlags): Promise<void> {
  const { root } = engineContext();
  const limits = resources(flags);
  const update = { ...(Object.keys(limits).length > 0 && { resources: limits }), ...(flags.restart !== undefined && { restart: restartPolicy(flags.restart, false) }) };
  if (!update.resources && !update.restart) throw new UsageError('update needs at least one of the resource options or --restart');
  await forEachName(names, (name) => updateContainer(root, name, update));
}

export async function runRename(container: string, newName: string): Promise<void> {
  const { root, hooks } = engineContext();
  await renameContainer(root, container, newName, hooks);
}

export async function runPrune(options: { filter?: string[] }): Promise<void> {
  const { root, hooks } = engineContext();
  const { deleted, reclaimed } = await pruneContainers(root, hooks, pruneFilter(options.filter ?? []));
  const list = deleted.length > 0 ? `Deleted Containers:\n${deleted.map((id) => `${id}\n`).join('')}\n` : '';
  process.stdout.write(`${list}Total reclaimed space: ${humanSize(reclaimed)}\n`);
}

/** docker's prune filters: until=TIME (RFC 3339, a duration ago, or Unix seconds) and label[!]=KEY[=VALUE]. */
function pruneFilter(texts: readonly string[]): PruneFilter {
  let until: Date | undefined;
  const labels: { key: string; value?: string; negate?: boolean }[] = [];
  for (const text of texts) {
    const match = /^(until|label!?)=(.+)$/.exec(text);
    if (!match) throw new UsageError(`invalid filter "${text}": use until=, label= or label!=`);
    const [, key, value] = match as unknown as [string, string, string];
    if (key === 'until') {
      until = new Date(/^\d+(\.\d+)?$/.test(value) ? Number(value) * 1000 : Date.parse(pointInTime(value)));
      continue;
    }
    const eq = value.indexOf('=');
    labels.push({ key: eq < 0 ? value : value.slice(0, eq), ...(eq >= 0 && { value: value.slice(eq + 1) }), ...(key === 'label!' && { negate: true }) });
  }
  return { ...(until && { until }), ...(labels.length > 0 && { labels }) };
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
    ...(options.interactive && { interactive: true }),
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

export async function runWait(names: string[]): Promise<void> {
  const { root } = engineContext();
  for (const name of names) process.stdout.write(`${await waitContainer(root, name)}\n`);
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
