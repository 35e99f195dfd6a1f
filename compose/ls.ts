// `ls` as a library call: every compose project the engine has containers
// of, read from their labels alone (no compose file needed), with the
// state counts docker compose shows: `exited(1), running(2)`.
import type { Engine } from '../engine/engine.js';
import { Label } from '../planner/labels.js';

export interface ProjectSummary {
  readonly name: string;
  /** `exited(1), running(2)`: containers by state, states sorted. */
  readonly status: string;
  /** The compose files the project was last brought up from, comma-separated. */
  readonly configFiles: string;
  readonly running: number;
}

export interface ListProjectsOptions {
  /** Projects with no running container too (ls -a). */
  readonly all?: boolean;
  /** Only projects whose name contains this (ls --filter name=…), as docker's filter matches. */
  readonly name?: string;
}

export function listProjects(engine: Engine, options: ListProjectsOptions = {}): ProjectSummary[] {
  const byProject = new Map<string, { states: Map<string, number>; files: Set<string> }>();
  for (const view of engine.list()) {
    const labels = view.record.config.labels ?? {};
    const name = labels[Label.project];
    if (name === undefined) continue;
    const entry = byProject.get(name) ?? { states: new Map<string, number>(), files: new Set<string>() };
    entry.states.set(view.state.status, (entry.states.get(view.state.status) ?? 0) + 1);
    if (labels[Label.configFiles]) entry.files.add(labels[Label.configFiles]!);
    byProject.set(name, entry);
  }
  const summaries = [...byProject].map(([name, { states, files }]) => ({
    name,
    status: [...states].sort(([a], [b]) => (a < b ? -1 : 1)).map(([state, count]) => `${state}(${count})`).join(', '),
    configFiles: [...files].sort().join(','),
    running: states.get('running') ?? 0,
  }));
  return summaries
    .filter((p) => options.all || p.running > 0)
    .filter((p) => options.name === undefined || p.name.includes(options.name))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
