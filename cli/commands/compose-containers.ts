// `flotilla exec|attach|cp|kill|pause|unpause|top|port|wait`: parse the
// flags, call the compose API, print what docker compose prints.
import { attach, copy, exec, FlotillaError, kill, pause, port, top, unpause, UsageError, wait, type ContainerEvent, type ProgressEvent } from '../../index.js';
import type { GlobalOptions } from '../global-options.js';
import type { DisplayFlags } from '../display-options.js';
import { openFromCli, progressFor } from './compose-common.js';
import { replicaIndex } from './compose-logs.js';

export async function runExec(service: string, command: string[], flags: { detach?: boolean; env: string[]; TTY?: boolean; user?: string; workdir?: string; privileged?: boolean; index?: string }, global: GlobalOptions): Promise<void> {
  const project = openFromCli(global);
  const index = replicaIndex(flags.index);
  // A terminal by default when this command has one, as docker compose does; -T turns it off.
  const tty = flags.TTY !== false && !flags.detach && process.stdin.isTTY === true && process.stdout.isTTY === true;
  const raw = tty && process.stdin.isTTY === true;
  if (raw) process.stdin.setRawMode(true);
  try {
    const { exitCode } = await exec(project, {
      service,
      command,
      env: flags.env.map((e) => (e.includes('=') ? e : `${e}=${process.env[e] ?? ''}`)),
      ...(index !== undefined && { index }),
      ...(flags.user !== undefined && { user: flags.user }),
      ...(flags.workdir !== undefined && { workingDir: flags.workdir }),
      ...(flags.privileged && { privileged: true }),
      ...(flags.detach && { detach: true }),
      ...(tty && { tty: true }),
      // docker compose exec keeps stdin open unless detached.
      interactive: !flags.detach,
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
    });
    process.exitCode = exitCode;
  } finally {
    if (raw) process.stdin.setRawMode(false);
  }
}

export async function runAttach(service: string, flags: { index?: string; sigProxy?: string | boolean }, global: GlobalOptions): Promise<void> {
  const project = openFromCli(global);
  const index = replicaIndex(flags.index);
  const proxy = flags.sigProxy === undefined || flags.sigProxy === true || flags.sigProxy === 'true';
  process.exitCode = await attach(project, {
    service,
    ...(index !== undefined && { index }),
    stdout: process.stdout,
    stderr: process.stderr,
    onAttached: ({ id }) => {
      if (!proxy) return;
      process.removeAllListeners('SIGINT');
      for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => forwardSignal(project.engine, id, signal));
    },
  });
}

function forwardSignal(engine: { kill(id: string, signal: string): void }, id: string, signal: string): void {
  try {
    engine.kill(id, signal);
  } catch {
    // ended meanwhile
  }
}

export async function runCopy(source: string, destination: string, flags: DisplayFlags & { index?: string; archive?: boolean; all?: boolean }, global: GlobalOptions): Promise<void> {
  const project = openFromCli(global);
  const index = replicaIndex(flags.index);
  await withEvents('Copying', flags, (onEvent) => copy(project, { source, destination, onEvent, ...(index !== undefined && { index }), ...(flags.archive && { archive: true }), ...(flags.all && { oneoff: true }) }));
}

export async function runKill(services: string[], flags: DisplayFlags & { signal: string; removeOrphans?: boolean }, global: GlobalOptions): Promise<void> {
  const project = openFromCli(global, services);
  const killed = await withEvents('Killing', flags, (onEvent) => kill(project, { onEvent, signal: flags.signal, ...(services.length > 0 && { services }), ...(flags.removeOrphans && { removeOrphans: true }) }));
  if (killed.length === 0) process.stderr.write('no container to kill\n');
}

export async function runPause(services: string[], flags: DisplayFlags, global: GlobalOptions): Promise<void> {
  const project = openFromCli(global, services);
  await withEvents('Pausing', flags, (onEvent) => pause(project, { onEvent, ...(services.length > 0 && { services }) }));
}

export async function runUnpause(services: string[], flags: DisplayFlags, global: GlobalOptions): Promise<void> {
  const project = openFromCli(global, services);
  await withEvents('Unpausing', flags, (onEvent) => unpause(project, { onEvent, ...(services.length > 0 && { services }) }));
}

/** Shows a verb's container events the way the executor's progress is shown. */
async function withEvents<T>(verb: string, flags: DisplayFlags, call: (onEvent: (event: ContainerEvent) => void) => Promise<T>): Promise<T> {
  const view = progressFor(flags, verb);
  try {
    // The views read an event's resource, state, detail and done only.
    return await call((event) => view.onEvent(event as unknown as ProgressEvent));
  } finally {
    view.finish();
  }
}

/** docker compose top: each container's name, then its processes in aligned columns, then a blank line. */
export function runTop(services: string[], flags: DisplayFlags, global: GlobalOptions): void {
  const project = openFromCli(global, services);
  for (const table of top(project, services.length > 0 ? { services } : {})) {
    const rows = [table.titles, ...table.processes];
    const widths = table.titles.map((_, i) => Math.max(...rows.map((row) => (row[i] ?? '').length)));
    const lines = rows.map((row) => row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join(''));
    process.stdout.write(`${table.container}\n${lines.join('\n')}\n\n`);
  }
}

export async function runPort(service: string, privatePort: string, flags: { index?: string; protocol: string }, global: GlobalOptions): Promise<void> {
  if (!/^\d+$/.test(privatePort) || Number(privatePort) < 1 || Number(privatePort) > 65535) throw new UsageError(`invalid port "${privatePort}": a number from 1 to 65535`);
  if (flags.protocol !== 'tcp' && flags.protocol !== 'udp') throw new UsageError(`invalid --protocol "${flags.protocol}": tcp or udp`);
  const project = openFromCli(global);
  const index = replicaIndex(flags.index);
  const address = await port(project, { service, privatePort: Number(privatePort), protocol: flags.protocol, ...(index !== undefined && { index }) });
  process.stdout.write(`${address.hostIp}:${address.hostPort}\n`);
}

export async function runWait(services: string[], flags: { downProject?: boolean }, global: GlobalOptions): Promise<void> {
  const project = openFromCli(global, services);
  const stop = new AbortController();
  process.removeAllListeners('SIGINT');
  process.on('SIGINT', () => stop.abort(new FlotillaError('FLOTILLA_CANCELLED', 'cancelled')));
  const exits = await wait(project, {
    services,
    signal: stop.signal,
    ...(flags.downProject && { downProject: true }),
    onExit: (exit) => process.stdout.write(`container "${exit.id}" exited with status code ${exit.exitCode}\n`),
  });
  // docker compose ends with the status of the last container to stop.
  process.exitCode = exits[exits.length - 1]?.exitCode ?? 0;
}
