// pre_start hooks (docker compose v5): each runs in a runner container made
// from the service's own configuration (its image, networks and, through
// volumes_from, the volumes of the container about to start), one after the
// other, before that container starts. They run once per service: on its
// lowest-numbered replica being started, and only when no replica runs yet.
import type { ContainerConfig } from '../../engine/container/config.js';
import { containerName, serviceContainerConfig } from '../container-config.js';
import { COMPOSE_VERSION, Label } from '../labels.js';
import type { Reconcile } from './context.js';
import { isRunning, serviceContainers } from './context.js';
import { hookCommands } from './actions.js';

export function planPreStart(r: Reconcile, services: readonly string[]): void {
  for (const name of services) {
    const hooks = r.ctx.project.services[name]?.pre_start ?? [];
    if (hooks.length === 0 || serviceContainers(r, name).some(isRunning)) continue;
    const starts = r.plan.find((n) => n.kind === 'StartContainer' && n.target.type === 'container' && n.target.service === name);
    const first = starts.sort((a, b) => number(r, a) - number(r, b))[0];
    if (first === undefined) continue;
    const draft = r.plan.get(first);
    if (draft.target.type !== 'container') continue;
    r.plan.retarget(first, { ...draft.target, preStart: runnerConfigs(r, name, draft.target.number) });
  }
}

function number(r: Reconcile, handle: number): number {
  const target = r.plan.get(handle).target;
  return target.type === 'container' ? target.number : 0;
}

function runnerConfigs(r: Reconcile, service: string, replica: number): ContainerConfig[] {
  const base = serviceContainerConfig(r.ctx, service, replica);
  const project = r.ctx.project.name;
  return hookCommands(r.ctx.project.services[service]?.pre_start).map((hook, index) => {
    const { ports: _ports, publishAll: _all, healthcheck: _check, restart: _restart, autoRemove: _rm, ...rest } = base;
    return {
      ...rest,
      name: `${project}-${service}-pre_start-${index}`,
      cmd: hook.cmd,
      ...(hook.user !== undefined && { user: hook.user }),
      ...(hook.workingDir !== undefined && { workingDir: hook.workingDir }),
      ...(hook.privileged && { privileged: true }),
      env: [...(base.env ?? []), ...(hook.env ?? [])],
      // Not a replica: no number or config hash, so neither ps nor a reconcile takes it for one.
      labels: { [Label.project]: project, [Label.service]: service, [Label.version]: COMPOSE_VERSION, [Label.hook]: 'pre_start', [Label.hookIndex]: String(index) },
      volumesFrom: [...(base.volumesFrom ?? []), { container: containerName(r.ctx.project, service, replica) }],
    };
  });
}
