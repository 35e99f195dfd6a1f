// `flotilla container top` and `container stats`.
import { execFileSync } from 'node:child_process';
import { Engine } from '../../engine/engine.js';
import { UsageError } from '../../errors.js';
import { renderList } from '../render/formats.js';

/** docker top: the host's ps, limited to the container's processes. */
export function runTop(name: string, psOptions: string[]): void {
  const pids = new Engine().pids(name);
  const options = psOptions.length > 0 ? psOptions : ['-ef'];
  const lines = execFileSync('ps', options, { encoding: 'utf8' }).trimEnd().split('\n');
  const header = lines[0] ?? '';
  const pidColumn = header.trim().split(/\s+/).indexOf('PID');
  if (pidColumn < 0) throw new UsageError(`ps ${options.join(' ')} prints no PID column`);
  const wanted = new Set(pids.map(String));
  const rows = lines.slice(1).filter((line) => wanted.has(line.trim().split(/\s+/)[pidColumn] ?? ''));
  process.stdout.write(`${[header, ...rows].join('\n')}\n`);
}

interface StatsOptions {
  /** Exactly these containers, even none (compose stats of a project with nothing running). */
  containers?: readonly string[];
  all?: boolean;
  stream?: boolean;
  format?: string;
}

export async function runStats(names: string[], options: StatsOptions): Promise<void> {
  const engine = new Engine();
  const selected = options.containers ?? (names.length > 0 ? names : engine.list().filter((c) => options.all || c.state.status === 'running').map((c) => c.record.id));
  const streaming = options.stream !== false && process.stdout.isTTY === true;
  do {
    const stats = await engine.stats(selected);
    // Streaming on a terminal redraws in place, as docker stats does.
    if (streaming) process.stdout.write('\x1b[2J\x1b[H');
    const rows = stats.map((s) => ({
      ID: s.id.slice(0, 12), Name: s.name, CPUPerc: percent(s.cpuPercent), MemUsage: `${binary(s.memoryUsage)} / ${binary(s.memoryLimit)}`,
      MemPerc: percent((s.memoryUsage / s.memoryLimit) * 100), PIDs: String(s.pids),
    }));
    process.stdout.write(
      renderList(rows, options.format, {
        header: ['CONTAINER ID', 'NAME', 'CPU %', 'MEM USAGE / LIMIT', 'MEM %', 'PIDS'],
        cells: (r) => [r.ID, r.Name, r.CPUPerc, r.MemUsage, r.MemPerc, r.PIDs],
        fieldHeaders: { ID: 'CONTAINER ID', CPUPerc: 'CPU %', MemUsage: 'MEM USAGE / LIMIT', MemPerc: 'MEM %' },
      }),
    );
  } while (streaming);
}

function percent(value: number): string {
  return `${value.toFixed(2)}%`;
}

/** docker stats' binary units: `1.5MiB`, `512KiB`. */
function binary(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(unit > 1 ? 2 : 1)}${units[unit]}`;
}
