// Prints a plain tree as YAML or JSON, the two formats `config` offers.
import { stringify } from 'yaml';
import { UsageError } from '../../index.js';

export type DocumentFormat = 'yaml' | 'json';

export function parseFormat(value: string): DocumentFormat {
  if (value === 'yaml' || value === 'json') return value;
  throw new UsageError(`unsupported format "${value}": use yaml or json`);
}

export function renderDocument(tree: unknown, format: DocumentFormat): string {
  if (format === 'json') return `${JSON.stringify(tree, null, 2)}\n`;
  // lineWidth 0: never fold long strings (commands, URLs) across lines. YAML 1.1
  // output quotes strings such as "yes" that older readers would take for booleans.
  return stringify(tree, { lineWidth: 0, indentSeq: true, aliasDuplicateObjects: false, version: '1.1' });
}
