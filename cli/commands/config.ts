// `flotilla config`: the project as the loader sees it, or one facet of it.
import { writeFileSync } from 'node:fs';
import { loadProject, projectToSpec, serviceConfigHash, UsageError, type LoadedProject, type Project } from '../../index.js';
import { loadOptionsFrom, type GlobalOptions } from '../global-options.js';
import { parseFormat, renderDocument } from '../render/document.js';
import { renderTable } from '../render/table.js';

export interface ConfigOptions {
  format: string;
  quiet?: boolean;
  services?: boolean;
  volumes?: boolean;
  networks?: boolean;
  images?: boolean;
  profiles?: boolean;
  hash?: string;
  interpolate: boolean;
  variables?: boolean;
  environment?: boolean;
  output?: string;
}

export async function runConfig(selected: string[], options: ConfigOptions, global: GlobalOptions): Promise<void> {
  const format = parseFormat(options.format);
  // Listing variables reports them as written; resolving them would only warn about unset ones.
  const interpolate = options.interpolate && !options.variables;
  const loaded = loadProject(loadOptionsFrom(global, { interpolate, services: selected, collectVariables: options.variables === true }));
  if (options.quiet) return;
  const text = renderFacet(loaded, selected, options) ?? renderDocument(projectToSpec(onlySelected(loaded.project, selected)), format);
  if (options.output) writeFileSync(options.output, text);
  else process.stdout.write(text);
}

function renderFacet(loaded: LoadedProject, selected: string[], options: ConfigOptions): string | undefined {
  const { project } = loaded;
  const lines = (items: Iterable<string>) => [...items].map((s) => `${s}\n`).join('');
  if (options.services) return lines(Object.keys(onlySelected(project, selected).services).sort());
  if (options.volumes) return lines(Object.keys(project.volumes ?? {}).sort());
  if (options.networks) return lines(Object.keys(project.networks ?? {}).sort());
  if (options.profiles) return lines(loaded.profiles);
  if (options.images) return lines(imageNames(onlySelected(project, selected)));
  if (options.hash !== undefined) return lines(hashLines(project, options.hash));
  if (options.environment) return lines(loaded.environment.map(([k, v]) => `${k}=${v}`));
  if (options.variables) {
    const rows = loaded.variables.map((v) => [v.name, v.required ? 'true' : 'false', v.defaultValue ?? '', v.alternateValue ?? '']);
    return renderTable(['NAME', 'REQUIRED', 'DEFAULT VALUE', 'ALTERNATE VALUE'], rows);
  }
  return undefined;
}

// A service built but not named gets docker compose's default image name.
function imageNames(project: Project): string[] {
  return Object.entries(project.services)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([name, svc]) => svc.image ?? `${project.name}-${name}`);
}

function hashLines(project: Project, spec: string): string[] {
  const names = spec.trim() === '*' ? Object.keys(project.services).sort() : spec.split(',').map((s) => s.trim());
  return names.map((name) => {
    const service = project.services[name];
    if (!service) throw new UsageError(`no such service: ${name}`);
    return `${name} ${serviceConfigHash(service)}`;
  });
}

// Services named on the command line, with what they depend on.
function onlySelected(project: Project, selected: string[]): Project {
  if (selected.length === 0) return project;
  const keep = new Set<string>();
  const visit = (name: string) => {
    if (keep.has(name) || !project.services[name]) return;
    keep.add(name);
    Object.keys(project.services[name]!.depends_on ?? {}).forEach(visit);
  };
  selected.forEach(visit);
  const services = Object.fromEntries(Object.entries(project.services).filter(([name]) => keep.has(name)));
  return { ...project, services };
}
