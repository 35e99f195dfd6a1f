// `flotilla system df|prune|reset`: the state root as a whole, with docker's
// output (reset is podman's: docker has none).
import { readSync } from 'node:fs';
import { Engine } from '../../engine/engine.js';
import { diskUsageReport, pruneSystem, resetRoot, type UsageRow } from '../../engine/system/index.js';
import { renderList } from '../render/formats.js';
import { humanSize } from '../render/units.js';

export function runSystemDf(options: { format?: string }): void {
  const rows = diskUsageReport(new Engine()).map(dfRow);
  process.stdout.write(renderList(rows, options.format, { header: ['TYPE', 'TOTAL', 'ACTIVE', 'SIZE', 'RECLAIMABLE'], cells: (r) => [r.Type, String(r.TotalCount), String(r.Active), r.Size, r.Reclaimable] }));
}

// docker's fields: sizes in its units, the share reclaimable beside it when there is any size.
function dfRow(row: UsageRow): { Type: string; TotalCount: number; Active: number; Size: string; Reclaimable: string } {
  const share = row.size > 0 ? ` (${Math.round((row.reclaimable / row.size) * 100)}%)` : '';
  return { Type: row.type, TotalCount: row.total, Active: row.active, Size: humanSize(row.size), Reclaimable: `${humanSize(row.reclaimable)}${share}` };
}

export async function runSystemPrune(options: { all?: boolean; volumes?: boolean; force?: boolean }): Promise<void> {
  const warning = [
    'WARNING! This will remove:',
    '  - all stopped containers',
    '  - all networks not used by at least one container',
    ...(options.volumes ? ['  - all anonymous volumes not used by at least one container'] : []),
    options.all ? '  - all images without at least one container associated to them' : '  - all dangling images',
  ];
  if (!options.force && !confirmed(warning)) return;
  const result = await pruneSystem(new Engine(), { all: options.all === true, volumes: options.volumes === true });
  const section = (title: string, lines: readonly string[]) => (lines.length > 0 ? `${title}:\n${lines.map((l) => `${l}\n`).join('')}\n` : '');
  process.stdout.write(
    section('Deleted Containers', result.containers) + section('Deleted Networks', result.networks) + section('Deleted Volumes', result.volumes) + section('Deleted Images', result.images) + `Total reclaimed space: ${humanSize(result.reclaimed)}\n`,
  );
}

export async function runSystemReset(options: { force?: boolean }): Promise<void> {
  const warning = ['WARNING! This will remove:', '  - all containers (running ones are killed)', '  - all networks', '  - all volumes', '  - all images', '  - the state directory and everything the host holds for it'];
  if (!options.force && !confirmed(warning)) return;
  await resetRoot(new Engine());
}

/** The warning on stderr, then one line of stdin: y or yes goes on. Anything else (an empty or closed stdin too) is no. */
function confirmed(warning: readonly string[]): boolean {
  process.stderr.write(`${warning.join('\n')}\n\nAre you sure you want to continue? [y/N] `);
  const answer = readLine();
  return /^y(es)?$/i.test(answer.trim());
}

function readLine(): string {
  const byte = Buffer.alloc(1);
  let line = '';
  for (;;) {
    let n: number;
    try {
      n = readSync(0, byte, 0, 1, null);
    } catch {
      return line;
    }
    if (n === 0 || byte[0] === 0x0a) return line;
    line += String.fromCharCode(byte[0]!);
  }
}
