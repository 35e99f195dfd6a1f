// `flotilla container create|start|stop|restart|kill|rm|prune|rename|update|logs|exec|cp|pause|unpause|wait`
// (ls and inspect are in container-view.ts).
import type { LogEntry, PruneFilter } from '../../engine/container/index.js';
import { Engine } from '../../engine/engine.js';
import { FlotillaError, UsageError } from '../../errors.js';
import { notStarted } from '../exit-codes.js';
import { cidFile, containerConfig, flagError, resources, restartPolicy, type CreateFlags } from './container-options.js';
import { forEachName } from './each-name.js';
import { humanSize } from '../render/units.js';
import { pointInTime } from './point-in-time.js';

export async function runCreate(image: string, args: string[], flags: CreateFlags): Promise<void> {
  const engine = new Engine();
  const config = containerConfig(image, args, flags);
  const cid = cidFile(flags);
  const record = await engine.create(config).catch((err: unknown) => Promise.reject(notStarted(flagError(err))));
  cid.write(record.id);
  process.stdout.write(`${record.id}\n`);
}

export async function runStart(names: string[], options: { attach?: boolean }): Promise<void> {
  const engine = new Engine();
  if (options.attach) {
    const { attachAndWait } = await import('./container-run.js');
    if (names.length !== 1) throw new UsageError('start --attach takes exactly one container');
    // A --rm container goes once it has ended, as docker start -a does.
    const remove = engine.inspect(names[0]!).record.config.autoRemove === true;
    process.exitCode = await attachAndWait(engine, names[0]!, { remove }).catch((err: unknown) => Promise.reject(notStarted(err)));
    return;
  }
  for (const name of names) {
    await engine.start(name).catch((err: unknown) => Promise.reject(notStarted(err)));
    process.stdout.write(`${name}\n`);
  }
}

export async function runStop(names: string[], options: { time?: string; signal?: string }): Promise<void> {
  const engine = new Engine();
  const timeout = seconds(options.time);
  for (const name of names) {
    await engine.stop(name, { ...(timeout !== undefined && { timeout }), ...(options.signal !== undefined && { signal: options.signal }) });
    process.stdout.write(`${name}\n`);
  }
}

export async function runRestart(names: string[], options: { time?: string; signal?: string }): Promise<void> {
  const engine = new Engine();
  const timeout = seconds(options.time);
  for (const name of names) {
    await engine.stop(name, { ...(timeout !== undefined && { timeout }), ...(options.signal !== undefined && { signal: options.signal }) });
    await engine.start(name);
    process.stdout.write(`${name}\n`);
  }
}

export function runKill(names: string[], options: { signal: string }): void {
  const engine = new Engine();
  for (const name of names) {
    engine.kill(name, options.signal);
    process.stdout.write(`${name}\n`);
  }
}

export async function runRemove(names: string[], options: { force?: boolean; volumes?: boolean }): Promise<void> {
  const engine = new Engine();
  await forEachName(names, async (name) => void (await engine.remove(name, { force: options.force === true, volumes: options.volumes === true })));
}

export async function runUpdate(names: string[], flags: CreateFlags): Promise<void> {
  const engine = new Engine();
  const limits = resources(flags);
  const update = { ...(Object.keys(limits).length > 0 && { resources: limits }), ...(flags.restart !== undefined && { restart: restartPolicy(flags.restart) }) };
  if (!update.resources && !update.restart) throw new UsageError('update needs at least one of the resource options or --restart');
  await forEachName(names, (name) => engine.update(name, update));
}

export async function runRename(container: string, newName: string): Promise<void> {
  await new Engine().rename(container, newName);
}

export async function runPrune(options: { filter?: string[] }): Promise<void> {
  const { deleted, reclaimed } = await new Engine().prune(pruneFilter(options.filter ?? []));
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
  const engine = new Engine();
  const view = engine.inspect(name);
  const tail = options.tail === 'all' ? undefined : Number(options.tail);
  if (tail !== undefined && !Number.isInteger(tail)) throw new UsageError(`invalid --tail "${options.tail}": a number or all`);
  const filter = { ...(tail !== undefined && { tail }), ...(options.since && { since: pointInTime(options.since) }), ...(options.until && { until: pointInTime(options.until) }) };
  const print = (entry: LogEntry) => (entry.stream === 'stderr' ? process.stderr : process.stdout).write(options.timestamps ? `${entry.time} ${entry.log}` : entry.log);
  engine.readLogs(view.record.id, filter).forEach(print);
  if (!options.follow || view.state.status !== 'running') return;
  await engine.followLogs(view.record.id, engine.wait(view.record.id), print);
}

export async function runExec(name: string, command: string[], options: { detach?: boolean; env?: string[]; user?: string; workdir?: string; privileged?: boolean; tty?: boolean; interactive?: boolean }): Promise<void> {
  if (options.tty && options.interactive && !process.stdin.isTTY) throw new FlotillaError('FLOTILLA_NOT_A_TTY', 'the input device is not a TTY: drop -t, or run from a terminal');
  const engine = new Engine();
  // The supervisor reads the terminal itself; we only put it in raw mode meanwhile.
  const raw = options.tty === true && options.interactive === true && process.stdin.isTTY === true;
  if (raw) process.stdin.setRawMode(true);
  const env = (options.env ?? []).map((e) => (e.includes('=') ? e : `${e}=${process.env[e] ?? ''}`));
  // Our stdin only when the command reads it (-i), or the supervisor relays our terminal (-t).
  const stdin = !options.detach && (options.interactive || options.tty) ? process.stdin : undefined;
  process.exitCode = await engine.exec(name, {
    cmd: command,
    env,
    ...(options.user !== undefined && { user: options.user }),
    ...(options.workdir !== undefined && { workingDir: options.workdir }),
    ...(options.privileged && { privileged: true }),
    ...(options.detach && { detach: true }),
    ...(options.tty && { tty: true }),
    ...(options.interactive && { interactive: true }),
    ...(stdin && { stdin }),
    ...(!options.detach && { stdout: process.stdout, stderr: process.stderr }),
  }).finally(() => {
    if (raw) process.stdin.setRawMode(false);
  });
}

export async function runCopy(source: string, destination: string): Promise<void> {
  const engine = new Engine();
  const inContainer = (arg: string) => /^[^/.][^:/]*:/.test(arg);
  if (inContainer(source) === inContainer(destination)) throw new UsageError('copy between a container and the host: CONTAINER:SRC DEST or SRC CONTAINER:DEST');
  const split = (arg: string) => [arg.slice(0, arg.indexOf(':')), arg.slice(arg.indexOf(':') + 1)] as const;
  if (inContainer(source)) {
    const [name, path] = split(source);
    await engine.copyFrom(name, path, destination);
  } else {
    const [name, path] = split(destination);
    await engine.copyTo(name, source, path);
  }
}

export async function runPause(names: string[]): Promise<void> {
  const engine = new Engine();
  for (const name of names) {
    await engine.pause(name);
    process.stdout.write(`${name}\n`);
  }
}

export async function runUnpause(names: string[]): Promise<void> {
  const engine = new Engine();
  for (const name of names) {
    await engine.unpause(name);
    process.stdout.write(`${name}\n`);
  }
}

export async function runWait(names: string[]): Promise<void> {
  const engine = new Engine();
  for (const name of names) process.stdout.write(`${await engine.wait(name)}\n`);
}

function seconds(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw new UsageError(`invalid --time "${text}": a whole number of seconds`);
  return Number(text);
}
