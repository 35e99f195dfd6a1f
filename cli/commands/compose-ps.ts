// `flotilla ps`: the project's containers as docker compose lists them: a
// table, one JSON object per line with docker compose's keys, or a template.
import { ps, UsageError, type PsEntry } from '../../index.js';
import type { GlobalOptions } from '../global-options.js';
import { renderList } from '../render/formats.js';
import { humanAge } from '../render/units.js';
import { openFromCli } from './compose-common.js';
import { portsText, quoteCommand, statusText } from './container-view.js';

export interface PsFlags {
  all?: boolean;
  quiet?: boolean;
  services?: boolean;
  status: string[];
  filter: string[];
  trunc?: boolean;
  orphans?: string | boolean;
  format: string;
}

const STATES = ['paused', 'restarting', 'removing', 'running', 'dead', 'created', 'exited'];

export async function runPs(services: string[], flags: PsFlags, global: GlobalOptions): Promise<void> {
  const project = openFromCli(global, services);
  const status = [...flags.status, ...flags.filter.map(statusFilter)];
  for (const s of status) if (!STATES.includes(s)) throw new UsageError(`invalid status "${s}": use one of ${STATES.join(', ')}`);
  const orphans = flags.orphans === undefined || flags.orphans === true || flags.orphans === 'true';
  const entries = await ps(project, { ...(flags.all && { all: true }), ...(services.length > 0 && { services }), ...(status.length > 0 && { status }), orphans });
  if (flags.services) return void process.stdout.write([...new Set(entries.map((e) => e.service))].map((s) => `${s}\n`).join(''));
  const id = (e: PsEntry) => (flags.trunc === false || flags.quiet ? e.view.record.id : e.view.record.id.slice(0, 12));
  if (flags.quiet) return void process.stdout.write(entries.map((e) => `${id(e)}\n`).join(''));
  const now = Date.now();
  const rows = entries.map((e) => row(e, id(e), flags.trunc !== false, now));
  process.stdout.write(
    renderList(rows, flags.format, {
      header: ['NAME', 'IMAGE', 'COMMAND', 'SERVICE', 'CREATED', 'STATUS', 'PORTS'],
      cells: (r) => [r.Name, r.Image, r.Command, r.Service, r.RunningFor, r.Status, r.Ports],
      fieldHeaders: { RunningFor: 'CREATED', CreatedAt: 'CREATED AT' },
    }),
  );
}

function statusFilter(text: string): string {
  const match = /^status=(.+)$/.exec(text);
  if (!match) throw new UsageError(`invalid filter "${text}": ps filters by status= only`);
  return match[1]!;
}

/** One container with docker compose's ps keys. */
function row(e: PsEntry, id: string, truncate: boolean, now: number) {
  const { record, state } = e.view;
  const config = record.config;
  const networks = config.networkMode === 'bridge' ? (config.networks ?? []).map((n) => n.network) : [config.networkMode ?? 'none'];
  const mounts = [...(config.volumes ?? []).map((v) => v.name ?? ''), ...(config.binds ?? []).map((b) => b.source)].filter(Boolean);
  return {
    Command: quoteCommand(record.process.args, truncate),
    CreatedAt: record.created,
    ExitCode: state.exitCode,
    Health: e.view.health?.Status ?? '',
    ID: id,
    Image: record.image.name,
    Labels: Object.entries(config.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(','),
    LocalVolumes: String((config.volumes ?? []).length),
    Mounts: mounts.join(','),
    Name: record.name,
    Names: record.name,
    Networks: networks.join(','),
    Ports: portsText(e.ports.map((p) => ({ ...p, containerIp: '', networkId: '' }))),
    Project: e.project,
    Publishers: e.ports.map((p) => ({ URL: p.hostIp || '0.0.0.0', TargetPort: p.containerPort, PublishedPort: p.hostPort, Protocol: p.protocol })),
    RunningFor: humanAge(record.created, now),
    Service: e.service,
    Size: '0B',
    State: state.status,
    Status: statusText(e.view, now),
  };
}
