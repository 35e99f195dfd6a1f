// `flotilla run`: a one-off container of a service, its dependencies
// started first (their progress shown as up shows it), then attached to
// this terminal (its keys, size and signals) or, with -d, in the background.
import { run, UsageError } from '../../index.js';
import type { GlobalOptions } from '../global-options.js';
import { openFromCli, progressFor } from './compose-common.js';
import { bindTerminal } from './container-run.js';

interface RunFlags {
  detach?: boolean;
  rm?: boolean;
  name?: string;
  entrypoint?: string;
  env: string[];
  label: string[];
  user?: string;
  workdir?: string;
  volume: string[];
  publish: string[];
  servicePorts?: boolean;
  useAliases?: boolean;
  deps?: boolean;
  TTY?: boolean;
  interactive?: boolean;
  capAdd: string[];
  capDrop: string[];
  removeOrphans?: boolean;
  progress?: string;
}

export async function runRun(service: string, command: string[], flags: RunFlags, global: GlobalOptions): Promise<void> {
  if (flags.servicePorts && flags.publish.length > 0) throw new UsageError('--service-ports and --publish are incompatible');
  const project = openFromCli(global, [service]);
  // A terminal by default when stdin is one, as docker compose does; -T turns it off.
  const tty = flags.TTY !== false && !flags.detach && process.stdin.isTTY === true;
  const interactive = flags.interactive !== false && !flags.detach;
  const progress = progressFor(flags, 'Running');
  let finished = false;
  const view = { ...progress, finish: () => void (finished || ((finished = true), progress.finish())) };
  let restore = () => {};
  try {
    const result = await run(project, {
      service,
      ...(command.length > 0 && { command }),
      ...(flags.entrypoint !== undefined && { entrypoint: entrypointWords(flags.entrypoint) }),
      ...(flags.name !== undefined && { name: flags.name }),
      env: flags.env,
      labels: labels(flags.label),
      ...(flags.user !== undefined && { user: flags.user }),
      ...(flags.workdir !== undefined && { workingDir: flags.workdir }),
      volumes: flags.volume,
      publish: flags.publish,
      ...(flags.servicePorts && { servicePorts: true }),
      ...(flags.useAliases && { useAliases: true }),
      ...(flags.deps === false && { noDeps: true }),
      ...(flags.removeOrphans && { removeOrphans: true }),
      capAdd: flags.capAdd,
      capDrop: flags.capDrop,
      ...(flags.rm && { remove: true }),
      ...(flags.detach && { detach: true }),
      tty,
      interactive,
      onEvent: view.onEvent,
      onWarning: view.onWarning,
      stdin: process.stdin,
      stdout: process.stdout,
      stderr: process.stderr,
      ...(tty && process.stdout.isTTY && { terminal: { rows: process.stdout.rows, columns: process.stdout.columns } }),
      onCreated: ({ id }) => {
        // The dependencies' progress is over: the container's own output follows.
        view.finish();
        if (!flags.detach) restore = bindTerminal(project.engine, id, tty);
      },
    });
    if (flags.detach) process.stdout.write(`${result.id}\n`);
    else process.exitCode = result.exitCode ?? 0;
  } finally {
    view.finish();
    restore();
  }
}

/** --entrypoint as docker compose reads it: split into words like a shell would, without running one. */
function entrypointWords(text: string): string[] {
  const words = text.match(/"[^"]*"|'[^']*'|\S+/g) ?? [];
  return words.map((w) => (/^(["']).*\1$/.test(w) ? w.slice(1, -1) : w));
}

function labels(entries: readonly string[]): Record<string, string> {
  const result: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new UsageError(`invalid --label "${entry}": use KEY=VALUE`);
    result[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return result;
}
