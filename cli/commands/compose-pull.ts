// `flotilla pull`: the project's images, with a line per image (and per
// layer) on stderr as docker compose prints them; nothing but errors with -q.
import { FlotillaError, UsageError } from '../../errors.js';
import { pullProject, type ProjectPullEvent } from '../../index.js';
import type { GlobalOptions } from '../global-options.js';
import { formatError } from '../exit-codes.js';
import { progressSink, type ProgressSink } from '../render/progress.js';
import { openFromCli } from './compose-common.js';

export interface PullFlags {
  ignorePullFailures?: boolean;
  includeDeps?: boolean;
  quiet?: boolean;
  policy?: string;
}

export async function runPull(services: string[], flags: PullFlags, global: GlobalOptions): Promise<void> {
  if (flags.policy !== undefined && flags.policy !== 'missing' && flags.policy !== 'always') throw new UsageError(`invalid --policy "${flags.policy}": use missing or always`);
  const project = openFromCli(global, services);
  const sink = flags.quiet ? undefined : progressSink('Downloading');
  const result = await pullProject(project, {
    services,
    ...(flags.includeDeps && { includeDeps: true }),
    ...(flags.ignorePullFailures && { ignoreFailures: true }),
    ...(flags.policy && { policy: flags.policy as 'missing' | 'always' }),
    ...(sink && { onEvent: (event: ProjectPullEvent) => show(sink, event) }),
  }).finally(() => sink?.finish());
  for (const { error } of result.failed) if (flags.quiet) process.stderr.write(`${formatError(error)}\n`);
  if (result.failed.length > 0 && !flags.ignorePullFailures) process.exitCode = 1;
}

function show(sink: ProgressSink, event: ProjectPullEvent): void {
  const who = event.services.join(', ');
  switch (event.state) {
    case 'Pulling':
    case 'Skipped':
      process.stderr.write(`${who} ${event.state}\n`);
      return;
    case 'Pulled':
      sink.finish();
      process.stderr.write(`${who} Pulled\n`);
      return;
    case 'Error':
      sink.finish();
      process.stderr.write(`${who} Error ${event.error instanceof FlotillaError ? event.error.message : String(event.error)}\n`);
      return;
    case 'Progress': {
      const p = event.progress;
      if (p.phase === 'exists') sink.update(p.layer, p.total, p.total, true, 'Already exists');
      else if (p.phase === 'downloading') sink.update(p.layer, p.done, p.total, false);
      else if (p.phase === 'done') sink.update(p.layer, p.total, p.total, true, 'Pull complete');
    }
  }
}
