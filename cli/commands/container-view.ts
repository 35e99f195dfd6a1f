// `flotilla container ls` and `container inspect`: containers as docker
// shows them, in a table, as JSON lines, or as inspect documents.
import type { ContainerView } from '../../engine/container/index.js';
import { Engine } from '../../engine/engine.js';
import { FlotillaError, UsageError } from '../../errors.js';
import { renderInspect, renderList } from '../render/formats.js';
import { humanAge, humanDuration } from '../render/units.js';
import type { Attachment, PublishedPort } from '../../networking/index.js';

interface ListOptions {
  all?: boolean;
  quiet?: boolean;
  trunc?: boolean;
  format?: string;
  filter?: string[];
}

/** docker's PORTS text: `0.0.0.0:8080->80/tcp, 127.0.0.1:8081->81/udp`. */
export function portsText(ports: readonly PublishedPort[]): string {
  return ports.map((p) => `${p.hostIp || '0.0.0.0'}:${p.hostPort}->${p.containerPort}/${p.protocol}`).join(', ');
}

export async function runList(options: ListOptions): Promise<void> {
  const engine = new Engine();
  const { root } = engine;
  const filters = (options.filter ?? []).map(parseFilter);
  const candidates = engine.list().filter((c) => options.all || c.state.status === 'running' || c.state.status === 'paused' || c.state.status === 'restarting' || filters.some((f) => f.key === 'status'));
  // Published ports live with networking, loaded only when a running container may have some.
  const networking = candidates.some((c) => c.state.status === 'running') ? await import('../../networking/index.js') : undefined;
  const portsOf = (c: ContainerView): readonly PublishedPort[] => (c.state.status === 'running' ? (networking?.attachmentOf(root, c.record.id)?.ports ?? []) : []);
  const shown = candidates.filter((c) => filters.every((f) => matches(c, f, portsOf))).reverse(); // newest first, as docker lists
  const id = (c: ContainerView) => (options.trunc === false ? c.record.id : c.record.id.slice(0, 12));
  if (options.quiet) return void process.stdout.write(shown.map((c) => `${id(c)}\n`).join(''));
  const now = Date.now();
  const rows = shown.map((c) => ({
    ID: id(c),
    Image: c.record.image.name,
    Command: quoteCommand(c.record.process.args, options.trunc !== false),
    CreatedAt: c.record.created,
    RunningFor: humanAge(c.record.created, now),
    Status: statusText(c, now),
    State: c.state.status,
    Ports: portsText(portsOf(c)),
    Names: c.record.name,
    Labels: Object.entries(c.record.config.labels ?? {}).map(([k, v]) => `${k}=${v}`).join(','),
    Networks: networkNames(c).join(','),
  }));
  process.stdout.write(
    renderList(rows, options.format, {
      header: ['CONTAINER ID', 'IMAGE', 'COMMAND', 'CREATED', 'STATUS', 'PORTS', 'NAMES'],
      cells: (r) => [r.ID, r.Image, r.Command, r.RunningFor, r.Status, r.Ports, r.Names],
      fieldHeaders: { ID: 'CONTAINER ID', CreatedAt: 'CREATED AT', RunningFor: 'CREATED' },
    }),
  );
}

export async function runInspect(names: string[], options: { format?: string } = {}): Promise<void> {
  const engine = new Engine();
  const { root } = engine;
  const { attachmentOf } = await import('../../networking/index.js');
  const views = names.map((n) => engine.inspect(n));
  process.stdout.write(renderInspect(views.map((v) => inspectView(v, v.state.status === 'running' ? attachmentOf(root, v.record.id) : undefined)), options.format));
}

/** docker's NetworkSettings: ports and one entry per network the container is on now. */
function networkSettings(view: ContainerView, attachment: Attachment | undefined): object {
  const ports: Record<string, { HostIp: string; HostPort: string }[] | null> = {};
  for (const p of view.record.config.ports ?? []) ports[`${p.containerPort}/${p.protocol}`] = null;
  for (const p of attachment?.ports ?? []) {
    const key = `${p.containerPort}/${p.protocol}`;
    ports[key] = [...(ports[key] ?? []), { HostIp: p.hostIp || '0.0.0.0', HostPort: String(p.hostPort) }];
  }
  const first = attachment?.endpoints[0];
  return {
    SandboxKey: attachment ? `/run/netns/${attachment.netns}` : '',
    Ports: ports,
    IPAddress: first?.ip ?? '',
    IPPrefixLen: first?.prefix ?? 0,
    Gateway: first?.gateway ?? '',
    MacAddress: first?.mac ?? '',
    Networks: Object.fromEntries(
      (attachment?.endpoints ?? []).map((e) => [
        e.networkName,
        { Aliases: e.aliases, NetworkID: e.networkId, Gateway: e.gateway, IPAddress: e.ip, IPPrefixLen: e.prefix, MacAddress: e.mac, DNSNames: e.dnsNames },
      ]),
    ),
  };
}

function inspectView(view: ContainerView, attachment: Attachment | undefined): object {
  const { record, state, paths } = view;
  return {
    Id: record.id,
    Created: record.created,
    Path: record.process.args[0],
    Args: record.process.args.slice(1),
    State: {
      Status: state.status,
      Running: state.status === 'running',
      Paused: state.status === 'paused',
      Restarting: state.status === 'restarting',
      OOMKilled: state.oomKilled,
      Dead: false,
      Pid: state.pid,
      ExitCode: state.exitCode,
      Error: state.error,
      StartedAt: state.startedAt || '0001-01-01T00:00:00Z',
      FinishedAt: state.finishedAt || '0001-01-01T00:00:00Z',
      ...(view.health && { Health: view.health }),
    },
    Image: record.image.id,
    LogPath: paths.log,
    Name: `/${record.name}`,
    RestartCount: state.restartCount,
    HostConfig: {
      Binds: [...(record.config.binds ?? []).map((b) => `${b.source}:${b.target}${b.readOnly ? ':ro' : ''}`), ...(record.config.volumes ?? []).map((v) => `${v.name}:${v.target}${v.readOnly ? ':ro' : ''}`)],
      NetworkMode: record.config.networkMode === 'bridge' ? (record.config.networks?.[0]?.network ?? 'bridge') : (record.config.networkMode ?? 'none'),
      RestartPolicy: { Name: record.config.restart?.name ?? 'no', MaximumRetryCount: record.config.restart?.maximumRetryCount ?? 0 },
      AutoRemove: record.config.autoRemove === true,
      PublishAllPorts: record.config.publishAll === true,
      Devices: (record.config.devices ?? []).map((d) => ({ PathOnHost: d.hostPath, PathInContainer: d.containerPath, CgroupPermissions: d.permissions })),
      OomScoreAdj: record.config.oomScoreAdj ?? 0,
      PidMode: record.config.pidMode ?? '',
      IpcMode: record.config.ipcMode ?? 'private',
      UTSMode: record.config.utsMode ?? '',
      CapAdd: record.config.capAdd ?? null,
      CapDrop: record.config.capDrop ?? null,
      Privileged: record.config.privileged === true,
      ReadonlyRootfs: record.config.readOnly === true,
      ShmSize: record.config.shmSize ?? 67108864,
      Memory: record.config.resources?.memory ?? 0,
      NanoCpus: Math.round((record.config.resources?.cpus ?? 0) * 1e9),
      CpuShares: record.config.resources?.cpuShares ?? 0,
      PidsLimit: record.config.resources?.pidsLimit ?? null,
    },
    NetworkSettings: networkSettings(view, attachment),
    Config: {
      Hostname: record.hostname,
      Domainname: record.config.domainname ?? '',
      ...(record.exposedPorts && { ExposedPorts: Object.fromEntries(record.exposedPorts.map((key) => [key, {}])) }),
      User: record.process.user,
      Env: record.process.env,
      Cmd: record.config.cmd ?? null,
      Image: record.image.name,
      WorkingDir: record.process.workingDir,
      Entrypoint: record.config.entrypoint ?? null,
      Labels: record.config.labels ?? {},
      StopSignal: record.stopSignal,
      ...(record.healthcheck && {
        Healthcheck: {
          Test: record.config.healthcheck?.test ?? ['CMD', ...record.healthcheck.args],
          Interval: record.healthcheck.interval * 1e6,
          Timeout: record.healthcheck.timeout * 1e6,
          StartPeriod: record.healthcheck.startPeriod * 1e6,
          StartInterval: record.healthcheck.startInterval * 1e6,
          Retries: record.healthcheck.retries,
        },
      }),
    },
  };
}

export function statusText(c: ContainerView, now: number): string {
  const since = (iso: string) => humanDuration(now - Date.parse(iso));
  switch (c.state.status) {
    case 'running':
      return `Up ${since(c.state.startedAt)}${healthSuffix(c)}`;
    case 'paused':
      return `Up ${since(c.state.startedAt)} (Paused)`;
    case 'restarting':
      return `Restarting (${c.state.exitCode}) ${since(c.state.finishedAt)} ago`;
    case 'exited':
      return `Exited (${c.state.exitCode}) ${since(c.state.finishedAt)} ago`;
    default:
      return 'Created';
  }
}

function healthSuffix(c: ContainerView): string {
  if (!c.health) return '';
  return c.health.Status === 'starting' ? ' (health: starting)' : ` (${c.health.Status})`;
}

export function quoteCommand(args: readonly string[], truncate: boolean): string {
  const text = args.join(' ');
  return `"${truncate && text.length > 20 ? `${text.slice(0, 19)}…` : text}"`;
}

const FILTERS = ['name', 'id', 'label', 'status', 'network', 'publish'];

function parseFilter(text: string): { key: string; value: string } {
  const eq = text.indexOf('=');
  const key = eq < 0 ? text : text.slice(0, eq);
  if (!FILTERS.includes(key)) throw new UsageError(`invalid filter "${text}": use ${FILTERS.map((f) => `${f}=`).join(', ')}`);
  const value = eq < 0 ? '' : text.slice(eq + 1);
  if (key === 'publish' && !/^\d+(\/(tcp|udp))?$/.test(value)) throw new UsageError(`invalid filter "${text}": publish= takes PORT[/PROTO]`);
  return { key, value };
}

/** The networks docker names for a container: those it joins, or its mode (host, none). */
function networkNames(c: ContainerView): string[] {
  const mode = c.record.config.networkMode ?? 'none';
  if (mode !== 'bridge') return mode.startsWith('container:') ? [] : [mode];
  const joined = (c.record.config.networks ?? []).map((n) => n.network);
  return joined.length > 0 ? joined : ['bridge'];
}

function matches(c: ContainerView, filter: { key: string; value: string }, portsOf: (c: ContainerView) => readonly PublishedPort[]): boolean {
  switch (filter.key) {
    case 'name':
      return c.record.name.includes(filter.value);
    case 'id':
      return c.record.id.startsWith(filter.value);
    case 'status':
      return c.state.status === filter.value;
    case 'network':
      return networkNames(c).includes(filter.value);
    case 'publish': {
      // The container's own port, published on any host port (docker's publish=).
      const [port, protocol = 'tcp'] = filter.value.split('/');
      return portsOf(c).some((p) => p.containerPort === Number(port) && p.protocol === protocol);
    }
    default: {
      const eq = filter.value.indexOf('=');
      const labels = c.record.config.labels ?? {};
      return eq < 0 ? Object.hasOwn(labels, filter.value) : labels[filter.value.slice(0, eq)] === filter.value.slice(eq + 1);
    }
  }
}

/** `container port NAME [PORT[/PROTO]]`: where the container's ports are published. */
export async function runPort(name: string, port: string | undefined): Promise<void> {
  const engine = new Engine();
  const { root } = engine;
  const { attachmentOf } = await import('../../networking/index.js');
  const view = engine.inspect(name);
  const published = view.state.status === 'running' ? (attachmentOf(root, view.record.id)?.ports ?? []) : [];
  const match = port === undefined ? undefined : /^(\d+)(?:\/(tcp|udp))?$/.exec(port);
  if (port !== undefined && !match) throw new UsageError(`invalid port "${port}": expected PORT[/PROTO]`);
  const shown = published.filter((p) => !match || (p.containerPort === Number(match[1]) && p.protocol === (match[2] ?? 'tcp')));
  if (match && shown.length === 0) throw new FlotillaError('FLOTILLA_ENGINE_NOT_FOUND', `no public port '${match[1]}/${match[2] ?? 'tcp'}' published for ${view.record.name}`);
  process.stdout.write(shown.map((p) => (match ? '' : `${p.containerPort}/${p.protocol} -> `) + `${p.hostIp || '0.0.0.0'}:${p.hostPort}\n`).join(''));
}
