// Plain column-aligned tables, as docker prints them.

export function renderTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join('').trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
