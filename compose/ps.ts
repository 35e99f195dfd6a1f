// `ps` as a library call: the project's containers with what docker compose
// shows of each, read from the state store alone.
import type { ContainerView, PublishedPortInfo } from '../engine/engine.js';
import { Label } from '../planner/labels.js';
import type { ComposeProject } from './project.js';

export interface PsOptions {
  /** Stopped containers too (docker compose ps -a). */
  readonly all?: boolean;
  readonly services?: readonly string[];
  /** Only these states (created, running, paused, restarting, exited). */
  readonly status?: readonly string[];
  /** Containers of services no longer in the file (ps --orphans=false hides them). */
  readonly orphans?: boolean;
}

export interface PsEntry {
  readonly view: ContainerView;
  readonly project: string;
  readonly service: string;
  readonly number: number;
  readonly ports: readonly PublishedPortInfo[];
  readonly orphan: boolean;
}

export async function ps(project: ComposeProject, options: PsOptions = {}): Promise<PsEntry[]> {
  const { engine } = project;
  const known = new Set([...Object.keys(project.loaded.project.services), ...project.loaded.disabledServices]);
  const views = engine.list({ labels: { [Label.project]: project.name } }).filter((v) => v.record.config.labels?.[Label.oneoff] !== 'True' && v.record.config.labels?.[Label.hook] === undefined);
  const entries: PsEntry[] = [];
  for (const view of views) {
    const labels = view.record.config.labels ?? {};
    const service = labels[Label.service] ?? '';
    const active = view.state.status === 'running' || view.state.status === 'paused' || view.state.status === 'restarting';
    if (!options.all && !active && !options.status?.length) continue;
    if (options.services?.length && !options.services.includes(service)) continue;
    if (options.status?.length && !options.status.includes(view.state.status)) continue;
    const orphan = !known.has(service);
    if (orphan && options.orphans === false) continue;
    entries.push({ view, project: project.name, service, number: Number(labels[Label.containerNumber] ?? 0), ports: await engine.publishedPorts(view.record.id), orphan });
  }
  // docker compose lists by service, then number.
  return entries.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.number - b.number));
}
