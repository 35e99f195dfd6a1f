// The compose verbs, declared at the top level (`flotilla up`) and under
// `flotilla compose` (so `alias docker=flotilla` keeps `docker compose up`).
import { Option, type Command } from 'commander';
import { addGlobalOptions, composeOptions } from '../global-options.js';
import { declareContainerVerbCommands } from './compose-containers.js';
import { declareProjectCommands } from './compose-project.js';
import { declareWatchCommands } from './compose-watch.js';

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * An option whose name starts with `no-` but which takes values of its own
 * (`--no-attach web`): commander would read it as the negation of
 * `--attach`, so it gets an attribute name of its own.
 */
class ValueOption extends Option {
  constructor(flags: string, description: string, private readonly attribute: string) {
    super(flags, description);
    this.negate = false;
  }

  override attributeName(): string {
    return this.attribute;
  }
}

export function declareComposeCommands(parent: Command): void {
  declareProjectCommands(parent);
  const verb = (name: string, options: { file?: boolean } = {}) => addGlobalOptions(parent.command(name), options);
  verb('up')
    .description('Create and start the project\'s containers')
    .argument('[services...]', 'only these services (and what they depend on)')
    .option('-d, --detach', 'run in the background')
    .option('--wait', 'wait until services are running or healthy (implies -d)')
    .option('--wait-timeout <seconds>', 'give up waiting after this many seconds')
    .option('--force-recreate', 'recreate containers even if nothing changed')
    .option('--no-recreate', 'keep existing containers even if their configuration changed')
    .option('--always-recreate-deps', 'recreate dependent containers')
    .option('--no-deps', 'do not start linked services')
    .option('--no-start', 'create the containers, do not start them')
    .option('--remove-orphans', 'remove containers of services not in the file')
    .option('--scale <service=n>', 'run n containers of a service (repeatable)', collect, [])
    .option('-t, --timeout <seconds>', 'shutdown timeout for containers that are stopped')
    .option('-V, --renew-anon-volumes', 'new anonymous volumes instead of those of the previous containers')
    .option('--dry-run', 'print the plan, change nothing')
    .option('--build', 'build images before starting containers')
    .option('--abort-on-container-exit', 'stop every container when one stops')
    .option('--abort-on-container-failure', 'stop every container when one fails')
    .option('--exit-code-from <service>', 'end with this service\'s exit code (implies --abort-on-container-exit)')
    .option('--attach <service>', 'show the output of these services only (repeatable)', collect, [])
    .addOption(new ValueOption('--no-attach <service>', 'do not show the output of this service (repeatable)', 'noAttach').argParser(collect).default([]))
    .option('--attach-dependencies', 'show the output of dependencies too')
    .option('--no-color', 'monochrome output')
    .option('--no-log-prefix', 'do not prefix lines with the container name')
    .option('--timestamps', 'show timestamps')
    .option('--progress <mode>', 'progress output: auto, tty, plain, json or quiet')
    .option('-w, --watch', 'keep the project equal to its files once it is up (see watch)')
    .option('--pull <policy>', 'pull images first: always, missing or never (instead of each service\'s pull_policy)')
    .action(async (services: string[], options, command: Command) => {
      const { runUp } = await import('../commands/compose-up.js');
      await runUp(services, options, composeOptions(command));
    });

  verb('create')
    .description('Create the project\'s containers without starting them')
    .argument('[services...]')
    .option('--force-recreate', 'recreate containers even if nothing changed')
    .option('--no-recreate', 'keep existing containers even if their configuration changed')
    .option('--remove-orphans', 'remove containers of services not in the file')
    .option('--scale <service=n>', 'run n containers of a service (repeatable)', collect, [])
    .option('--dry-run', 'print the plan, change nothing')
    .option('--progress <mode>', 'progress output')
    .action(async (services: string[], options, command: Command) => {
      const { runCreate } = await import('../commands/compose-verbs.js');
      await runCreate(services, options, composeOptions(command));
    });

  verb('down')
    .description('Stop and remove the project\'s containers and networks')
    .option('-v, --volumes', 'remove named volumes of the file and anonymous volumes too')
    .option('--rmi <type>', 'remove images used by services: local or all')
    .option('--remove-orphans', 'remove containers of services not in the file')
    .option('-t, --timeout <seconds>', 'shutdown timeout')
    .option('--dry-run', 'print the plan, change nothing')
    .option('--progress <mode>', 'progress output')
    .action(async (options, command: Command) => {
      const { runDown } = await import('../commands/compose-verbs.js');
      await runDown(options, composeOptions(command));
    });

  for (const name of ['start', 'stop', 'restart'] as const) {
    const cmd = verb(name).description(`${name[0]!.toUpperCase()}${name.slice(1)} services`).argument('[services...]');
    if (name !== 'start') cmd.option('-t, --timeout <seconds>', 'shutdown timeout');
    if (name === 'restart') cmd.option('--no-deps', 'do not restart dependent services');
    cmd.option('--dry-run', 'print the plan, change nothing').option('--progress <mode>', 'progress output');
    cmd.action(async (services: string[], options, command: Command) => {
      const verbs = await import('../commands/compose-verbs.js');
      await verbs.runLifecycle(name, services, options, composeOptions(command));
    });
  }

  verb('rm', { file: false })
    .description('Remove stopped service containers')
    .argument('[services...]')
    .option('-f, --force', 'do not ask for confirmation')
    .option('-s, --stop', 'stop the containers first if needed')
    .option('-v, --volumes', 'remove anonymous volumes attached to the containers')
    .option('--dry-run', 'print the plan, change nothing')
    .option('--progress <mode>', 'progress output')
    .action(async (services: string[], options, command: Command) => {
      const { runRemove } = await import('../commands/compose-verbs.js');
      await runRemove(services, options, composeOptions(command));
    });

  verb('ps')
    .description('List the project\'s containers')
    .argument('[services...]')
    .option('-a, --all', 'show stopped containers too')
    .option('-q, --quiet', 'only IDs')
    .option('--services', 'only service names')
    .option('--status <status>', 'only containers in this state (repeatable)', collect, [])
    .option('--filter <filter>', 'filter by a property (status=…)', collect, [])
    .option('--no-trunc', 'do not truncate output')
    .option('--orphans [bool]', 'include orphaned services (default true)')
    .option('--format <format>', 'table, json or a Go template', 'table')
    .action(async (services: string[], options, command: Command) => {
      const { runPs } = await import('../commands/compose-ps.js');
      await runPs(services, options, composeOptions(command));
    });

  // The verbs that reach into containers, after the lifecycle ones in the help.
  declareContainerVerbCommands(parent);
  declareWatchCommands(parent);
}
