// The compose verbs that reach into a project's containers: logs, exec,
// run, attach, cp, kill, pause, unpause, top, port, wait. Each action
// imports its implementation when it runs.
import type { Command } from 'commander';
import { addGlobalOptions, composeOptions } from '../global-options.js';

const collect = (value: string, previous: string[]) => [...previous, value];

export function declareContainerVerbCommands(parent: Command): void {
  const verb = (name: string, options: { file?: boolean; projectName?: boolean } = {}) => addGlobalOptions(parent.command(name), options);
  const action = <A extends unknown[]>(load: () => Promise<(...args: [...A, ReturnType<typeof composeOptions>]) => unknown>) =>
    async (...args: unknown[]) => {
      const command = args[args.length - 1] as Command;
      const run = await load();
      await run(...(args.slice(0, -1) as A), composeOptions(command));
    };
  const commands = () => import('../commands/compose-containers.js');

  // `logs -f` follows, as in docker compose: the files come before the verb.
  verb('logs', { file: false })
    .description('View output from containers')
    .argument('[services...]')
    .option('-f, --follow', 'follow log output')
    .option('-n, --tail <lines>', 'number of lines to show from the end of the logs for each container', 'all')
    .option('-t, --timestamps', 'show timestamps')
    .option('--since <time>', 'show logs since a time (RFC 3339) or for a duration back (42m)')
    .option('--until <time>', 'show logs before a time (RFC 3339) or a duration back (42m)')
    .option('--no-color', 'produce monochrome output')
    .option('--no-log-prefix', 'do not print the container name before each line')
    .option('--index <n>', 'replica of the service, when it has several')
    .action(action(async () => (await import('../commands/compose-logs.js')).runLogs));

  verb('exec')
    .description('Execute a command in a running container')
    .argument('<service>')
    .argument('<command...>')
    .passThroughOptions()
    .option('-d, --detach', 'run the command in the background')
    .option('-e, --env <KEY=VALUE>', 'set an environment variable (repeatable)', collect, [])
    .option('-T, --no-TTY', 'no terminal for the command (by default one when this one is)')
    .option('-u, --user <user>', 'run the command as this user')
    .option('-w, --workdir <dir>', 'working directory for the command')
    .option('--privileged', 'give extended privileges to the process')
    .option('--index <n>', 'replica of the service, when it has several')
    .action(action(async () => (await commands()).runExec));

  verb('run', { projectName: false })
    .description('Run a one-off command on a service')
    .argument('<service>')
    .argument('[command...]')
    .passThroughOptions()
    .option('-d, --detach', 'run in the background and print the container ID')
    .option('--rm', 'remove the container once it has ended')
    .option('--name <name>', 'the container\'s name')
    .option('--entrypoint <cmd>', 'override the image\'s entrypoint')
    .option('-e, --env <KEY=VALUE>', 'set an environment variable (repeatable)', collect, [])
    .option('-l, --label <KEY=VALUE>', 'add or override a label (repeatable)', collect, [])
    .option('-u, --user <user>', 'run as this user name or uid')
    .option('-w, --workdir <dir>', 'working directory inside the container')
    .option('-v, --volume <spec>', 'bind mount a volume (repeatable)', collect, [])
    .option('-p, --publish <spec>', 'publish a container port on the host (repeatable)', collect, [])
    .option('-P, --service-ports', 'publish the service\'s ports')
    .option('--use-aliases', 'use the service\'s network aliases for the container')
    .option('--no-deps', 'do not start the services it depends on')
    .option('-T, --no-TTY', 'no terminal (by default one when this one is)')
    .option('-i, --interactive', 'keep stdin open (the default)', true)
    .option('--cap-add <cap>', 'add a Linux capability (repeatable)', collect, [])
    .option('--cap-drop <cap>', 'drop a Linux capability (repeatable)', collect, [])
    .option('--remove-orphans', 'remove containers of services not in the file')
    .option('--progress <mode>', 'progress output: auto, tty, plain, json or quiet')
    .action(action(async () => (await import('../commands/compose-run.js')).runRun));

  verb('attach')
    .description('Attach to a service\'s running container\'s output')
    .argument('<service>')
    .option('--index <n>', 'replica of the service, when it has several')
    .option('--no-stdin', 'do not attach stdin (it never is here)')
    .option('--sig-proxy [bool]', 'pass the signals received to the container (default true)')
    .action(action(async () => (await commands()).runAttach));

  verb('cp')
    .description('Copy files between a service container and the host')
    .argument('<source>', 'SERVICE:SRC_PATH or a host path')
    .argument('<destination>', 'a host path or SERVICE:DEST_PATH')
    .option('--index <n>', 'replica of the service, when it has several')
    .option('-a, --archive', 'keep the files\' owner (uid:gid)')
    .option('--all', 'also the containers of `run`, when copying into a service')
    .action(action(async () => (await commands()).runCopy));

  verb('kill')
    .description('Force stop service containers')
    .argument('[services...]')
    .option('-s, --signal <signal>', 'signal to send to the container', 'SIGKILL')
    .option('--remove-orphans', 'the containers of services not in the file too')
    .action(action(async () => (await commands()).runKill));

  for (const name of ['pause', 'unpause'] as const) {
    verb(name)
      .description(name === 'pause' ? 'Pause services' : 'Unpause services')
      .argument('[services...]')
      .action(action(async () => (await commands())[name === 'pause' ? 'runPause' : 'runUnpause']));
  }

  verb('top')
    .description('Display the running processes')
    .argument('[services...]')
    .action(action(async () => (await commands()).runTop));

  verb('port')
    .description('Print the host address of a service container\'s port')
    .argument('<service>')
    .argument('<private_port>')
    .option('--index <n>', 'replica of the service, when it has several')
    .option('--protocol <protocol>', 'tcp or udp', 'tcp')
    .action(action(async () => (await commands()).runPort));

  verb('wait')
    .description('Block until the service containers stop')
    .argument('<services...>')
    .option('--down-project', 'take the project down once they have stopped')
    .action(action(async () => (await commands()).runWait));
}
