// docker's --format: for lists `table` (the default columns), `json` (an
// object per line), `table TEMPLATE` (aligned columns under headers named
// after the fields) or a Go template per row; for inspect the indented JSON
// array, or a Go template per object. As docker, `\t` and `\n` written in a
// template stand for a tab and a newline.
import { UsageError } from '../../errors.js';
import { compileTemplate } from './go-template.js';
import { renderTable } from './table.js';

export interface ListTable<Row> {
  /** The default table's columns. */
  readonly header: readonly string[];
  readonly cells: (row: Row) => readonly string[];
  /** Column headers of a `table TEMPLATE`, by field (others show the field's name in capitals). */
  readonly fieldHeaders?: Readonly<Record<string, string>>;
}

export function renderList<Row extends object>(rows: readonly Row[], format: string | undefined, table: ListTable<Row>): string {
  if (format === undefined || format === '' || format === 'table') return renderTable(table.header, rows.map(table.cells));
  if (format === 'json') return rows.map((row) => `${JSON.stringify(row)}\n`).join('');
  const isTable = /^table\s/.test(format);
  const render = compileTemplate(unescape(isTable ? format.replace(/^table\s+/, '') : format));
  if (!isTable) return rows.map((row) => `${render(row)}\n`).join('');
  const headers = new Proxy({}, { get: (_, field) => (typeof field === 'string' ? (table.fieldHeaders?.[field] ?? field.toUpperCase()) : undefined) });
  const lines = [render(headers), ...rows.map(render)].map((line) => line.split('\t'));
  return renderTable(lines[0]!, lines.slice(1));
}

export function renderInspect(objects: readonly object[], format: string | undefined): string {
  if (format === undefined || format === '') return `${JSON.stringify(objects, null, 4)}\n`;
  if (format === 'json') return objects.map((o) => `${JSON.stringify(o)}\n`).join('');
  const render = compileTemplate(unescape(format));
  return objects.map((o) => `${render(o)}\n`).join('');
}

function unescape(template: string): string {
  if (template.trim() === '') throw new UsageError('empty --format');
  return template.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
}
