// Which of a project's containers a verb acts on: by service, by replica
// number (--index), running or not, one-offs or not. Every verb that reaches
// into containers picks them here, in one order: service, then number.
import { ComposeError, ComposeErrorCode } from '../errors.js';
import type { ContainerView } from '../engine/engine.js';
import { Label } from '../planner/labels.js';
import type { ComposeProject } from './project.js';

export interface ContainerSelection {
  /** Only these services' containers (all of them when absent or empty). */
  readonly services?: readonly string[];
  /** Only replica N of each service (docker compose's --index). */
  readonly index?: number;
  /** Containers that are not running too (created, exited). */
  readonly stopped?: boolean;
  /** Containers of `run` too. */
  readonly oneoff?: boolean;
}

const ACTIVE = new Set(['running', 'paused', 'restarting']);

/** The selected containers, by service then number. Throws FLOTILLA_COMPOSE_UNDEFINED_REFERENCE for a service not in the file. */
export function projectContainers(project: ComposeProject, selection: ContainerSelection = {}): ContainerView[] {
  const services = selection.services ?? [];
  for (const service of services) checkService(project, service);
  const wanted = new Set(services);
  return project.engine
    .list({ labels: { [Label.project]: project.name } })
    .filter((view) => {
      const labels = view.record.config.labels ?? {};
      if (labels[Label.hook] !== undefined) return false;
      if (labels[Label.oneoff] === 'True' && !selection.oneoff) return false;
      if (wanted.size > 0 && !wanted.has(labels[Label.service] ?? '')) return false;
      if (selection.index !== undefined && containerNumber(view) !== selection.index) return false;
      return selection.stopped === true || ACTIVE.has(view.state.status);
    })
    .sort(byServiceThenNumber);
}

/**
 * The one container of `service` a verb such as exec, cp or port works on:
 * replica `index`, or the lowest-numbered one. Throws
 * FLOTILLA_COMPOSE_NO_CONTAINER with docker compose's words when none fits.
 */
export function serviceContainer(project: ComposeProject, service: string, options: { index?: number; stopped?: boolean } = {}): ContainerView {
  const found = projectContainers(project, { services: [service], ...options });
  const chosen = found[0];
  if (chosen) return chosen;
  const what = options.index === undefined ? '' : ` container #${options.index}`;
  throw new ComposeError(ComposeErrorCode.NoContainer, `service "${service}" is not ${options.stopped ? 'created' : 'running'}${what}`);
}

export function checkService(project: ComposeProject, service: string): void {
  if (!(service in project.loaded.project.services)) throw new ComposeError(ComposeErrorCode.UndefinedReference, `no such service: ${service}`);
}

export function serviceOf(view: ContainerView): string {
  return view.record.config.labels?.[Label.service] ?? '';
}

export function containerNumber(view: ContainerView): number {
  return Number(view.record.config.labels?.[Label.containerNumber] ?? 0);
}

function byServiceThenNumber(a: ContainerView, b: ContainerView): number {
  const [x, y] = [serviceOf(a), serviceOf(b)];
  if (x !== y) return x < y ? -1 : 1;
  return containerNumber(a) - containerNumber(b) || (a.record.name < b.record.name ? -1 : a.record.name > b.record.name ? 1 : 0);
}
