// `flotilla ls`, `scale`, `compose images` and `stats`: the verbs that look
// at (or resize) a project as a whole rather than following one container.
import { Engine, listProjects, projectImageList, ps, scale, UsageError } from '../../index.js';
import type { GlobalOptions } from '../global-options.js';
import { renderList } from '../render/formats.js';
import { humanAge, humanSize } from '../render/units.js';
import { openFromCli } from './compose-common.js';
import { withProgress } from './compose-verbs.js';
import type { DisplayFlags } from '../display-options.js';
import { shortId, splitRef } from './image.js';
import { runStats } from './container-top.js';

export interface LsFlags {
  all?: boolean;
  quiet?: boolean;
  filter: string[];
  format?: string;
}

export function runLs(flags: LsFlags): void {
  let name: string | undefined;
  for (const filter of flags.filter) {
    const match = /^name=(.*)$/.exec(filter);
    if (!match) throw new UsageError(`invalid --filter "${filter}": ls filters by name=NAME only`);
    name = match[1]!;
  }
  const projects = listProjects(new Engine(), { ...(flags.all && { all: true }), ...(name !== undefined && { name }) });
  if (flags.quiet) {
    process.stdout.write(projects.map((p) => `${p.name}\n`).join(''));
    return;
  }
  const rows = projects.map((p) => ({ Name: p.name, Status: p.status, ConfigFiles: p.configFiles }));
  // docker compose ls prints one JSON array, not an object per line.
  if (flags.format === 'json') {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  process.stdout.write(renderList(rows, flags.format, { header: ['NAME', 'STATUS', 'CONFIG FILES'], cells: (r) => [r.Name, r.Status, r.ConfigFiles], fieldHeaders: { ConfigFiles: 'CONFIG FILES' } }));
}

export async function runScale(pairs: string[], flags: DisplayFlags & { deps?: boolean; dryRun?: boolean }, global: GlobalOptions): Promise<void> {
  if (pairs.length === 0) throw new UsageError('scale needs at least one SERVICE=REPLICAS');
  const wanted: Record<string, number> = {};
  for (const pair of pairs) {
    const match = /^([^=]+)=(\d+)$/.exec(pair);
    if (!match) throw new UsageError(`invalid scale "${pair}": use SERVICE=REPLICAS`);
    wanted[match[1]!] = Number(match[2]);
  }
  const project = openFromCli(global, Object.keys(wanted));
  await withProgress('Running', flags, (run) => scale(project, { ...run, scale: wanted, ...(flags.deps === false && { noDeps: true }) }));
}

export async function runComposeImages(services: string[], flags: { quiet?: boolean; format?: string }, global: GlobalOptions): Promise<void> {
  const project = openFromCli(global, services);
  const images = await projectImageList(project, services.length > 0 ? { services } : {});
  if (flags.quiet) {
    process.stdout.write([...new Set(images.map((i) => shortId(i.id)))].map((id) => `${id}\n`).join(''));
    return;
  }
  const rows = images.map((i) => {
    const named = splitRef(i.reference);
    // A name without a tag is the latest, as the image was pulled or loaded under.
    const { repository, tag } = named.tag === '<none>' && !i.reference.includes('@') ? { ...named, tag: 'latest' } : named;
    return { ID: i.id, ContainerName: i.container, Repository: repository, Tag: tag, Platform: `linux/${process.arch === 'x64' ? 'amd64' : process.arch}`, Size: i.size ?? 0, Created: i.created ?? '' };
  });
  if (flags.format === 'json') {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  process.stdout.write(
    renderList(rows, flags.format, {
      header: ['CONTAINER', 'REPOSITORY', 'TAG', 'PLATFORM', 'IMAGE ID', 'SIZE', 'CREATED'],
      cells: (r) => [r.ContainerName, r.Repository, r.Tag, r.Platform, shortId(r.ID), humanSize(r.Size), humanAge(r.Created || undefined)],
      fieldHeaders: { ContainerName: 'CONTAINER', ID: 'IMAGE ID' },
    }),
  );
}

export async function runComposeStats(services: string[], flags: { all?: boolean; stream?: boolean; format?: string }, global: GlobalOptions): Promise<void> {
  const project = openFromCli(global, services);
  const entries = await ps(project, { ...(flags.all && { all: true }), ...(services.length > 0 && { services }) });
  await runStats([], { ...flags, containers: entries.map((e) => e.view.record.id) });
}
