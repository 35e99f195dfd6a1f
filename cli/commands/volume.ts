// `flotilla volume create|ls|inspect|rm|prune`: the volume store, with
// docker's flags, table and messages.
import { matchesVolumeFilters, parseVolumeFilter, type VolumeRecord } from '../../engine/volumes/index.js';
import { Engine } from '../../engine/engine.js';
import { UsageError } from '../../errors.js';
import { renderInspect, renderList } from '../render/formats.js';
import { forEachName } from './each-name.js';
import { humanSize } from '../render/units.js';

export interface VolumeCreateOptions {
  name?: string;
  driver: string;
  label?: string[];
  opt?: string[];
}

export function runVolumeCreate(name: string | undefined, options: VolumeCreateOptions): void {
  if (name !== undefined && options.name !== undefined && name !== options.name) throw new UsageError(`conflicting volume names "${name}" and --name "${options.name}"`);
  const volume = new Engine().createVolume({
    ...((name ?? options.name) !== undefined && { name: name ?? options.name }),
    driver: options.driver,
    labels: keyValues(options.label ?? [], 'label'),
    options: keyValues(options.opt ?? [], 'opt'),
  });
  process.stdout.write(`${volume.Name}\n`);
}

export function runVolumeList(options: { quiet?: boolean; format?: string; filter?: string[] }): void {
  const engine = new Engine();
  const filters = (options.filter ?? []).map(parseVolumeFilter);
  let inUse: ReadonlySet<string> | undefined;
  const shown = engine.listVolumes().filter((v) => matchesVolumeFilters(v, filters, () => (inUse ??= engine.volumesInUse())));
  if (options.quiet) return void process.stdout.write(shown.map((v) => `${v.Name}\n`).join(''));
  const rows = shown.map((v) => ({ Driver: v.Driver, Labels: labelText(v.Labels), Mountpoint: v.Mountpoint, Name: v.Name, Scope: v.Scope }));
  process.stdout.write(renderList(rows, options.format, { header: ['DRIVER', 'VOLUME NAME'], cells: (r) => [r.Driver, r.Name], fieldHeaders: { Name: 'VOLUME NAME' } }));
}

export function runVolumeInspect(names: string[], options: { format?: string } = {}): void {
  const engine = new Engine();
  // Every name is looked up before anything is printed: a typo prints no partial array.
  const volumes = names.map((name) => inspectView(engine.inspectVolume(name)));
  process.stdout.write(renderInspect(volumes, options.format));
}

export async function runVolumeRemove(names: string[], options: { force?: boolean }): Promise<void> {
  const engine = new Engine();
  await forEachName(names, (name) => engine.removeVolume(name, options.force === true));
}

export function runVolumePrune(options: { all?: boolean }): void {
  const { deleted, reclaimed } = new Engine().pruneVolumes({ all: options.all === true });
  const list = deleted.length > 0 ? `Deleted Volumes:\n${deleted.map((name) => `${name}\n`).join('')}\n` : '';
  process.stdout.write(`${list}Total reclaimed space: ${humanSize(reclaimed)}\n`);
}

/** docker's inspect fields, in its order; Mountpoint and the rest as stored. */
function inspectView(v: VolumeRecord): object {
  return { CreatedAt: v.CreatedAt, Driver: v.Driver, Labels: v.Labels, Mountpoint: v.Mountpoint, Name: v.Name, Options: v.Options, Scope: v.Scope };
}

function labelText(labels: Readonly<Record<string, string>>): string {
  return Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(',');
}

/** `key=value` flags into a map; a bare `key` has an empty value, as docker's --label. */
function keyValues(entries: readonly string[], flag: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const entry of entries) {
    const eq = entry.indexOf('=');
    const key = eq < 0 ? entry : entry.slice(0, eq);
    if (key === '') throw new UsageError(`invalid --${flag} "${entry}": expected key=value`);
    map[key] = eq < 0 ? '' : entry.slice(eq + 1);
  }
  return map;
}
