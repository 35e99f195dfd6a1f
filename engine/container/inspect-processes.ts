// What runs in a container and what it uses: its processes (from its
// cgroup) and resource figures, for `container top` and `container stats`.
import { totalmem } from 'node:os';
import { EngineError, EngineErrorCode } from '../../errors.js';
import { Cgroup } from '../cgroups/index.js';
import { findContainer } from './store.js';

export interface ContainerStats {
  readonly id: string;
  readonly name: string;
  /** Percent of one CPU over the sample, as docker counts (can exceed 100 with several CPUs). */
  readonly cpuPercent: number;
  readonly memoryUsage: number;
  readonly memoryLimit: number;
  readonly pids: number;
}

/** Host pids of every process in a running container. */
export function containerPids(root: string, nameOrId: string): number[] {
  const view = findContainer(root, nameOrId);
  if (view.state.status !== 'running' && view.state.status !== 'paused') {
    throw new EngineError(EngineErrorCode.IncorrectStatus, `container ${view.record.name} is not running`);
  }
  return Cgroup.open(view.record.id).pids();
}

/** Samples CPU time twice, `sampleMs` apart, for each running container given. */
export async function containerStats(root: string, namesOrIds: readonly string[], sampleMs = 500): Promise<ContainerStats[]> {
  const views = namesOrIds.map((n) => findContainer(root, n)).filter((v) => v.state.status === 'running' || v.state.status === 'paused');
  const cgroups = views.map((v) => Cgroup.open(v.record.id));
  const before = cgroups.map((c) => c.stats().cpuUsageNs);
  const started = process.hrtime.bigint();
  await new Promise((resolve) => setTimeout(resolve, sampleMs));
  const elapsedNs = Number(process.hrtime.bigint() - started);
  return views.map((view, i) => {
    const now = cgroups[i]!.stats();
    return {
      id: view.record.id,
      name: view.record.name,
      cpuPercent: ((now.cpuUsageNs - before[i]!) / elapsedNs) * 100,
      memoryUsage: now.memoryUsage,
      memoryLimit: now.memoryLimit ?? totalmem(),
      pids: now.pids,
    };
  });
}
