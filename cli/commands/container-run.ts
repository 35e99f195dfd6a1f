// `flotilla container run`: create, start, and unless detached, print the
// container's output as it comes and end with its exit code.
import { containerPaths, createContainer, findContainer, followLog, killContainer, removeContainer, resizeTerminal, startContainer, type LogEntry } from '../../engine/container/index.js';
import { FlotillaError } from '../../errors.js';
import { cidFile, containerConfig, type CreateFlags } from './container-options.js';
import { engineContext, type EngineContext } from './engine-context.js';

export async function runRun(image: string, args: string[], flags: CreateFlags & { detach?: boolean }): Promise<void> {
  // docker's own check and exit status (1, not a usage error).
  if (flags.tty && flags.interactive && !flags.detach && !process.stdin.isTTY) throw new FlotillaError('FLOTILLA_NOT_A_TTY', 'the input device is not a TTY: drop -t, or run from a terminal');
  const context = engineContext();
  const { root, images, hooks } = context;
  const config = containerConfig(image, args, flags);
  const cid = cidFile(flags);
  const record = await createContainer(root, images, config);
  cid.write(record.id);
  if (flags.detach) {
    try {
      await startContainer(root, images, record.id, hooks);
    } catch (err) {
      if (flags.rm) await removeContainer(root, record.id, true, hooks, true);
      throw err;
    }
    process.stdout.write(`${record.id}\n`);
    return;
  }
  process.exitCode = await attachAndWait(context, record.id, flags.rm === true);
}

/** Starts a container, copies its output here until it exits, returns its exit code. */
export async function attachAndWait({ root, images, hooks }: EngineContext, nameOrId: string, removeAfter: boolean): Promise<number> {
  let code: number;
  let restoreTerminal = () => {};
  try {
    const terminal = process.stdout.isTTY ? { rows: process.stdout.rows, columns: process.stdout.columns } : undefined;
    const started = await startContainer(root, images, nameOrId, hooks, true, terminal);
    // Keys go to the container's terminal as typed (Ctrl-C included) while attached to one.
    // (process.stdin is only touched for a terminal container: creating it costs time.)
    const tty = findContainer(root, started.id).record.config.tty === true;
    const raw = tty && process.stdin.isTTY === true;
    if (raw) process.stdin.setRawMode(true);
    // The container's terminal follows ours as it is resized (docker does the same).
    const resize = () => {
      try {
        resizeTerminal(root, started.id, { rows: process.stdout.rows, columns: process.stdout.columns });
      } catch {
        // removed meanwhile
      }
    };
    if (tty && process.stdout.isTTY) process.stdout.on('resize', resize);
    restoreTerminal = () => {
      process.stdout.off('resize', resize);
      if (raw) process.stdin.setRawMode(false);
    };
    const forward = (signal: NodeJS.Signals) => () => {
      try {
        killContainer(root, started.id, signal);
      } catch {
        // already gone
      }
    };
    // Signals go to the container (docker's --sig-proxy), which decides when we end.
    process.removeAllListeners('SIGINT');
    process.on('SIGINT', forward('SIGINT'));
    process.on('SIGTERM', forward('SIGTERM'));
    const print = (entry: LogEntry) => (entry.stream === 'stderr' ? process.stderr : process.stdout).write(entry.log);
    const exit = started.exit!;
    await followLog(containerPaths(root, started.id).log, 0, exit, print);
    code = await exit;
  } finally {
    restoreTerminal();
    // docker run --rm also removes the container's anonymous volumes.
    if (removeAfter) await removeContainer(root, nameOrId, true, hooks, true);
    // Attached and not removed: the container is done, so are its networks.
    else await hooks.release(findContainer(root, nameOrId).record.id);
  }
  return code;
}
