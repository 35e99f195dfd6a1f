// Attached `up`: every container's output interleaved, each line prefixed by
// its container's name in a colour of its own, aligned; the first Ctrl-C
// stops the project gracefully, the second kills it.
import type { ComposeProject, PsEntry } from '../../index.js';

export interface AttachOptions {
  /** Where each container's log is followed from (by id); absent: its start. */
  readonly offsets: ReadonlyMap<string, number>;
  readonly color: boolean;
  readonly prefix: boolean;
  readonly timestamps: boolean;
  /** Stop everything when a container exits (`exit`) or fails (`failure`). */
  readonly abort?: 'exit' | 'failure';
  readonly stopProject: () => Promise<void>;
}

export interface AttachOutcome {
  /** 130 when interrupted, the exit code of the container that ended an abort, else 0. */
  readonly code: number;
  /** The exit code of each service's container that ended (the last one seen per service). */
  readonly exitCodes: ReadonlyMap<string, number>;
}

// docker compose's palette: the bright ANSI colours, in turn.
const COLOURS = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];

/**
 * The `name  | ` each container's lines start with: names padded to the
 * longest, each in the next colour of the palette (in the order given), or
 * nothing at all without a prefix. `up` attached and `logs` share it.
 */
export function linePrefixes(names: readonly string[], options: { readonly color: boolean; readonly prefix: boolean }): Map<string, string> {
  const width = Math.max(0, ...names.map((n) => n.length));
  return new Map(
    names.map((name, index) => {
      if (!options.prefix) return [name, ''];
      const colour = COLOURS[index % COLOURS.length]!;
      return [name, `${options.color ? `\x1b[${colour}m` : ''}${name.padEnd(width)}  | ${options.color ? '\x1b[0m' : ''}`];
    }),
  );
}

export async function attachToContainers(project: ComposeProject, entries: readonly PsEntry[], options: AttachOptions): Promise<AttachOutcome> {
  const { engine } = project;
  const names = entries.map((e) => e.view.record.name);
  process.stdout.write(`Attaching to ${names.join(', ')}\n`);
  const heads = linePrefixes(names, options);
  const exitCodes = new Map<string, number>();
  let code = 0;
  let stopping: Promise<void> | undefined;
  const stopAll = (why: string) => {
    if (stopping) return stopping;
    process.stdout.write(`${why}\n`);
    stopping = options.stopProject();
    return stopping;
  };
  process.removeAllListeners('SIGINT');
  process.on('SIGINT', () => {
    if (!stopping) {
      code = 130;
      void stopAll('Gracefully stopping... (press Ctrl+C again to force)');
      return;
    }
    for (const entry of entries) {
      try {
        engine.kill(entry.view.record.id);
      } catch {
        // already ended
      }
    }
    process.exit(130);
  });
  await Promise.all(
    entries.map(async (entry) => {
      const { id, name } = entry.view.record;
      const head = heads.get(name) ?? '';
      const ended = engine.waitFor(id, (v) => v.state.status === 'exited' || v.state.status === 'created');
      await engine.followLogsFrom(id, options.offsets.get(id) ?? 0, ended, (e) => {
        const text = e.log.endsWith('\n') ? e.log : `${e.log}\n`;
        process.stdout.write(`${head}${options.timestamps ? `${e.time} ` : ''}${text}`);
      });
      const view = await ended;
      const exitCode = view?.state.exitCode ?? 0;
      exitCodes.set(entry.service, exitCode);
      process.stdout.write(`${head}${name} exited with code ${exitCode}\n`);
      if (options.abort === 'exit' || (options.abort === 'failure' && exitCode !== 0)) {
        if (!stopping) code = exitCode;
        await stopAll('Aborting on container exit...');
      }
    }),
  );
  await stopping;
  return { code, exitCodes };
}
