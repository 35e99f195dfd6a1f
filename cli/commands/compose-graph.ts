// `flotilla graph`: the services' dependency graph, as a tree on a terminal,
// or Graphviz DOT, Mermaid or JSON with --format.
import { dependencyGraph, UsageError } from '../../index.js';
import type { GlobalOptions } from '../global-options.js';
import { renderGraph, type GraphFormat } from '../render/graph.js';
import { openFromCli } from './compose-common.js';

const FORMATS: readonly GraphFormat[] = ['text', 'dot', 'mermaid', 'json'];

export function runGraph(flags: { format?: string }, global: GlobalOptions): void {
  const format = (flags.format ?? 'text') as GraphFormat;
  if (!FORMATS.includes(format)) throw new UsageError(`invalid --format "${flags.format}": use ${FORMATS.join(', ')}`);
  const project = openFromCli(global);
  process.stdout.write(renderGraph(dependencyGraph(project.loaded.project), format));
}
