// `top` as a library call: the processes of each running container of the
// selected services.
import type { ProcessTable } from '../engine/engine.js';
import type { ComposeProject } from './project.js';
import { projectContainers } from './select.js';

export interface ContainerProcesses extends ProcessTable {
  readonly container: string;
}

export function top(project: ComposeProject, options: { readonly services?: readonly string[] } = {}): ContainerProcesses[] {
  const views = projectContainers(project, { oneoff: true, ...(options.services && { services: options.services }) }).filter((v) => v.state.status === 'running' || v.state.status === 'paused');
  return views.map((view) => ({ container: view.record.name, ...project.engine.top(view.record.id) }));
}
