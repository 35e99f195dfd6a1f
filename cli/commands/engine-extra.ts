// `flotilla container attach`, `container diff` and `image history`, with
// docker's output.
import { Engine } from '../../engine/engine.js';
import { renderList } from '../render/formats.js';
import { humanAge, humanSize } from '../render/units.js';
import { shortId } from './image.js';

/** Follows a running container's output until it ends, then exits with its code (output only: stdin is not attached). */
export async function runAttach(name: string): Promise<void> {
  process.exitCode = await new Engine().attach(name, { stdout: process.stdout, stderr: process.stderr });
}

export async function runDiff(name: string): Promise<void> {
  const changes = await new Engine().changes(name);
  process.stdout.write(changes.map((c) => `${c.kind} ${c.path}\n`).join(''));
}

export function runHistory(image: string, options: { format?: string; trunc?: boolean; quiet?: boolean; human?: boolean }): void {
  const entries = new Engine().imageHistory(image);
  if (options.quiet) {
    process.stdout.write(entries.map((e) => `${e.id ? shortId(e.id) : '<missing>'}\n`).join(''));
    return;
  }
  const human = options.human !== false;
  const rows = entries.map((e) => ({
    ID: e.id ? (options.trunc === false ? e.id : shortId(e.id)) : '<missing>',
    CreatedSince: human ? humanAge(e.created) : (e.created ?? ''),
    CreatedAt: e.created ?? '',
    CreatedBy: options.trunc === false || e.createdBy.length <= 45 ? e.createdBy : `${e.createdBy.slice(0, 44)}…`,
    Size: human ? humanSize(e.size) : String(e.size),
    Comment: e.comment,
  }));
  process.stdout.write(
    renderList(rows, options.format, {
      header: ['IMAGE', 'CREATED', 'CREATED BY', 'SIZE', 'COMMENT'],
      cells: (r) => [r.ID, r.CreatedSince, r.CreatedBy, r.Size, r.Comment],
      fieldHeaders: { ID: 'IMAGE', CreatedSince: 'CREATED', CreatedBy: 'CREATED BY', CreatedAt: 'CREATED AT' },
    }),
  );
}
