// The project-wide compose verbs: ls, scale, events, stats, graph, and (under
// `flotilla compose` only, where docker compose users type them) images and
// version; at the top level `flotilla images` and `flotilla version` stay the
// engine's, as docker's.
import type { Command } from 'commander';
import { addGlobalOptions, composeOptions } from '../global-options.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export function declareProjectCommands(parent: Command): void {
  const underCompose = parent.name() === 'compose';
  const verb = (name: string) => addGlobalOptions(parent.command(name));
  const load = () => import('../commands/compose-project.js');

  verb('ls')
    .description('List the compose projects the engine has containers of')
    .option('-a, --all', 'show stopped projects too')
    .option('-q, --quiet', 'only project names')
    .option('--filter <filter>', 'filter by name=NAME', collect, [])
    .option('--format <format>', 'table, json or a Go template', 'table')
    .action(async (options) => (await load()).runLs(options));

  verb('scale')
    .description('Scale services: SERVICE=REPLICAS..., keeping the containers that exist')
    .argument('<service=replicas...>')
    .option('--no-deps', 'do not start the services these depend on')
    .option('--dry-run', 'print the plan, change nothing')
    .option('--progress <mode>', 'progress output')
    .action(async (pairs: string[], options, command: Command) => (await load()).runScale(pairs, options, composeOptions(command)));

  verb('events')
    .description('Stream the project\'s container events')
    .argument('[services...]')
    .option('--json', 'one JSON object per event')
    .option('--since <time>', 'events since a time (RFC 3339) or a duration ago (10m), the past included')
    .option('--until <time>', 'stop at a time (RFC 3339) or a duration ago')
    .action(async (services: string[], options, command: Command) => (await import('../commands/compose-events.js')).runEvents(services, options, composeOptions(command)));

  verb('stats')
    .description('Show CPU, memory and process counts of the project\'s containers')
    .argument('[services...]')
    .option('-a, --all', 'include stopped containers')
    .option('--no-stream', 'print one sample and exit')
    .option('--format <format>', 'table, json or a Go template')
    .action(async (services: string[], options, command: Command) => (await load()).runComposeStats(services, options, composeOptions(command)));

  verb('graph')
    .description('Show the services\' dependency graph')
    .option('--format <format>', 'text, dot (Graphviz), mermaid or json', 'text')
    .action(async (options, command: Command) => (await import('../commands/compose-graph.js')).runGraph(options, composeOptions(command)));

  if (!underCompose) return;
  verb('images')
    .description('List the images the project\'s containers use')
    .argument('[services...]')
    .option('-q, --quiet', 'only image IDs')
    .option('--format <format>', 'table, json or a Go template', 'table')
    .action(async (services: string[], options, command: Command) => (await load()).runComposeImages(services, options, composeOptions(command)));
  parent
    .command('version')
    .description('Show the compose version')
    .option('--short', 'only the version number')
    .option('-f, --format <format>', 'pretty or json')
    .action(async (options) => (await import('../commands/version-info.js')).runComposeVersion(options));
}
