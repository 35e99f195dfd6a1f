// What one batch of changed paths asks for: a reload of the project when a
// file the loader read changed, and per service the files to sync, the
// commands to run and whether to restart, from its `develop.watch` rules.
import type { ServiceHook } from '../compose-schema/model.js';
import { ruleTakes, type ServiceWatchRule } from './watch-rules.js';

export interface SyncFile {
  readonly host: string;
  readonly container: string;
}

export interface ServiceUpdate {
  readonly service: string;
  /** Every changed path the service's rules took. */
  readonly paths: readonly string[];
  /** In path order; whether each was written or deleted is for the applier to see. */
  readonly syncs: readonly SyncFile[];
  /** `sync+exec` commands, once each per batch, in rule order. */
  readonly execs: readonly ServiceHook[];
  readonly restart: boolean;
  /** A `rebuild` rule fired. */
  readonly rebuild: boolean;
}

export interface ChangeSet {
  /** Changed files the loader had read: the project is loaded and planned again. */
  readonly projectFiles: readonly string[];
  /** Services in name order; only those with something to do. */
  readonly updates: readonly ServiceUpdate[];
}

interface Pending {
  paths: Set<string>;
  syncs: Map<string, string>;
  execs: Map<number, ServiceHook>;
  restart: boolean;
  rebuild: boolean;
}

export function classifyChanges(paths: readonly string[], context: { readonly projectFiles: ReadonlySet<string>; readonly rules: readonly ServiceWatchRule[] }): ChangeSet {
  const sorted = [...new Set(paths)].sort();
  const byService = new Map<string, Pending>();
  const rulesByService = groupRules(context.rules);
  for (const path of sorted) {
    for (const [service, rules] of rulesByService) {
      const taken = firstRuleTaking(rules, path);
      if (!taken) continue;
      const pending = byService.get(service) ?? { paths: new Set(), syncs: new Map(), execs: new Map(), restart: false, rebuild: false };
      byService.set(service, pending);
      record(pending, taken.rule, path, taken.containerPath);
    }
  }
  const updates = [...byService.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([service, p]): ServiceUpdate => ({
      service,
      paths: [...p.paths],
      syncs: [...p.syncs].map(([host, container]) => ({ host, container })),
      execs: [...p.execs.entries()].sort(([a], [b]) => a - b).map(([, hook]) => hook),
      restart: p.restart,
      rebuild: p.rebuild,
    }));
  return { projectFiles: sorted.filter((p) => context.projectFiles.has(p)), updates };
}

function record(pending: Pending, rule: ServiceWatchRule, path: string, containerPath: string | undefined): void {
  pending.paths.add(path);
  const syncs = rule.action === 'sync' || rule.action === 'sync+restart' || rule.action === 'sync+exec';
  if (syncs && containerPath !== undefined) pending.syncs.set(path, containerPath);
  if (rule.action === 'restart' || rule.action === 'sync+restart') pending.restart = true;
  if (rule.action === 'sync+exec' && rule.exec) pending.execs.set(rule.index, rule.exec);
  if (rule.action === 'rebuild') pending.rebuild = true;
}

function groupRules(rules: readonly ServiceWatchRule[]): Map<string, ServiceWatchRule[]> {
  const grouped = new Map<string, ServiceWatchRule[]>();
  for (const rule of [...rules].sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : a.index - b.index))) {
    grouped.set(rule.service, [...(grouped.get(rule.service) ?? []), rule]);
  }
  return grouped;
}

function firstRuleTaking(rules: readonly ServiceWatchRule[], path: string): { rule: ServiceWatchRule; containerPath?: string } | undefined {
  for (const rule of rules) {
    const taken = ruleTakes(rule, path);
    if (taken) return { rule, ...(taken.containerPath !== undefined && { containerPath: taken.containerPath }) };
  }
  return undefined;
}
