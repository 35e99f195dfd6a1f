// `flotilla container run`: create, start, and unless detached, print the
// container's output as it comes and end with its exit code.
import { Engine } from '../../engine/engine.js';
import { FlotillaError } from '../../errors.js';
import { notStarted } from '../exit-codes.js';
import { cidFile, containerConfig, flagError, type CreateFlags } from './container-options.js';

export async function runRun(image: string, args: string[], flags: CreateFlags & { detach?: boolean }): Promise<void> {
  // docker's own check and exit status (1, not a usage error).
  if (flags.tty && flags.interactive && !flags.detach && !process.stdin.isTTY) throw new FlotillaError('FLOTILLA_NOT_A_TTY', 'the input device is not a TTY: drop -t, or run from a terminal');
  const engine = new Engine();
  const config = containerConfig(image, args, flags);
  const cid = cidFile(flags);
  const record = await engine.create(config).catch((err: unknown) => Promise.reject(notStarted(flagError(err))));
  cid.write(record.id);
  try {
    if (!flags.detach) {
      process.exitCode = await attachAndWait(engine, record.id, { remove: flags.rm === true });
      return;
    }
    await engine.start(record.id);
  } catch (err) {
    await undoRun(engine, record.id, { autoRemove: flags.rm === true });
    throw notStarted(err);
  }
  process.stdout.write(`${record.id}\n`);
}

/**
 * A run refused before its container ran (a port in use…) leaves nothing
 * behind: the container it made goes, as the refusal changes nothing. One
 * that did run stays for its logs, unless it was --rm.
 */
async function undoRun(engine: Engine, id: string, options: { readonly autoRemove: boolean }): Promise<void> {
  try {
    if (options.autoRemove || engine.inspect(id).state.status === 'created') await engine.remove(id, { force: true, volumes: true });
  } catch {
    // Already removed (an attached --rm run takes its container along itself).
  }
}

/**
 * Starts a container attached to this process's terminal or stdio: its
 * output here, our stdin its own (with -i), our terminal's size and keys
 * its terminal's, our signals its signals. Resolves with its exit code.
 */
export async function attachAndWait(engine: Engine, nameOrId: string, options: { readonly remove: boolean }): Promise<number> {
  const { record } = engine.inspect(nameOrId);
  // process.stdin is only touched when the container reads it: creating it costs time.
  const stdin = record.config.openStdin === true ? process.stdin : undefined;
  const restore = bindTerminal(engine, record.id, record.config.tty === true);
  try {
    const terminal = process.stdout.isTTY ? { rows: process.stdout.rows, columns: process.stdout.columns } : undefined;
    return await engine.startAttached(record.id, { stdout: process.stdout, stderr: process.stderr, remove: options.remove, ...(stdin && { stdin }), ...(terminal && { terminal }) });
  } finally {
    restore();
  }
}

/** Our terminal in raw mode and followed in size while attached to a container's; our signals go to it. Returns the undo. */
export function bindTerminal(engine: Engine, id: string, tty: boolean): () => void {
  // Keys go to the container's terminal as typed (Ctrl-C included) while attached to one.
  const raw = tty && process.stdin.isTTY === true;
  if (raw) process.stdin.setRawMode(true);
  // The container's terminal follows ours as it is resized (docker does the same).
  const resize = () => {
    try {
      engine.resize(id, { rows: process.stdout.rows, columns: process.stdout.columns });
    } catch {
      // removed meanwhile
    }
  };
  if (tty && process.stdout.isTTY) process.stdout.on('resize', resize);
  const forward = (signal: NodeJS.Signals) => () => {
    try {
      engine.kill(id, signal);
    } catch {
      // not running (yet, or any more)
    }
  };
  // Signals go to the container (docker's --sig-proxy), which decides when we end.
  process.removeAllListeners('SIGINT');
  process.on('SIGINT', forward('SIGINT'));
  process.on('SIGTERM', forward('SIGTERM'));
  return () => {
    process.stdout.off('resize', resize);
    if (raw) process.stdin.setRawMode(false);
  };
}
