// The `container` commands with docker's names and flags; each action
// imports its implementation when it runs.
import type { Command } from 'commander';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The flags `container create` and `container run` share. */
function createFlags(command: Command): Command {
  command
    .argument('<image>', 'image name or ID')
    .argument('[command...]', 'command and arguments (override the image\'s Cmd)')
    .passThroughOptions()
    .option('--name <name>', 'container name')
    .option('-e, --env <KEY=VALUE>', 'set an environment variable (repeatable)', collect)
    .option('--env-file <file>', 'read environment variables from a file (repeatable)', collect)
    .option('-w, --workdir <dir>', 'working directory inside the container')
    .option('-u, --user <user>', 'user name or uid[:gid]')
    .option('--group-add <group>', 'additional group (repeatable)', collect)
    .option('-h, --hostname <name>', 'container host name')
    .option('--domainname <name>', 'container NIS domain name')
    .option('-l, --label <key=value>', 'set a label (repeatable)', collect)
    .option('--label-file <file>', 'read labels from a file of key=value lines (repeatable)', collect)
    .option('--cidfile <file>', 'write the container ID to a file, which must not exist yet')
    .option('-v, --volume <src:dst[:ro]>', 'bind a host path, mount a named volume, or /dst for an anonymous one (repeatable)', collect)
    .option('--volumes-from <container[:ro|rw]>', 'mount the volumes and binds of another container (repeatable)', collect)
    .option('--mount <spec>', 'type=bind|volume|tmpfs,source=…,target=…[,readonly] (repeatable)', collect)
    .option('--tmpfs <dst[:options]>', 'mount a tmpfs (repeatable)', collect)
    .option('--read-only', 'mount the root filesystem read-only')
    .option('--entrypoint <cmd>', 'override the image\'s entrypoint')
    .option('--init', 'run an init as PID 1 that forwards signals and reaps zombies')
    .option('--health-cmd <command>', 'command to check health (run with /bin/sh -c)')
    .option('--health-interval <duration>', 'time between checks (e.g. 30s)')
    .option('--health-timeout <duration>', 'time a check may take')
    .option('--health-retries <n>', 'failures in a row that make it unhealthy')
    .option('--health-start-period <duration>', 'time to start before failures count')
    .option('--health-start-interval <duration>', 'time between checks during the start period')
    .option('--no-healthcheck', 'disable the image\'s healthcheck')
    .option('--privileged', 'give the container every capability and device')
    .option('--cap-add <cap>', 'add a capability (repeatable)', collect)
    .option('--cap-drop <cap>', 'drop a capability (repeatable)', collect)
    .option('--security-opt <opt>', 'security option: no-new-privileges (repeatable)', collect)
    .option('--ulimit <name=soft[:hard]>', 'resource limit (repeatable)', collect)
    .option('--sysctl <key=value>', 'namespaced kernel parameter (repeatable)', collect)
    .option('--shm-size <size>', 'size of /dev/shm (e.g. 64m)')
    .option('--oom-score-adj <n>', 'how readily the OOM killer picks the container (-1000 to 1000)')
    .option('--device <host[:container][:rwm]>', 'give the container a host device (repeatable)', collect)
    .option('--pid <mode>', 'process namespace: host or container:NAME shares that one (default: the container\'s own)')
    .option('--ipc <mode>', 'IPC namespace: host shares the host\'s and its /dev/shm; private or shareable: the container\'s own (the default)')
    .option('--uts <mode>', 'host and domain names: host shares the host\'s (default: the container\'s own)')
    .option('--network <network>', 'connect to a network: its name, bridge (the default), none, host or container:NAME')
    .option('--network-alias <alias>', 'another name the container has on its network (repeatable)', collect)
    .option('--ip <address>', 'IPv4 address on the network (e.g. 172.30.100.104)')
    .option('--mac-address <mac>', 'MAC address of the container\'s interface')
    .option('-p, --publish <[ip:][hostPort:]containerPort[/proto]>', 'publish a container port on the host (repeatable)', collect)
    .option('-P, --publish-all', 'publish every exposed port (the image\'s and --expose) on an ephemeral host port')
    .option('--expose <port[/proto]>', 'expose a port or a range of ports (repeatable)', collect)
    .option('--link <name[:alias]>', 'another container this one reaches by ALIAS (repeatable)', collect)
    .option('--dns <address>', 'DNS server to use (repeatable)', collect)
    .option('--dns-search <domain>', 'DNS search domain (repeatable)', collect)
    .option('--dns-option <option>', 'resolver option (repeatable)', collect)
    .option('--add-host <host:ip>', 'add a line to /etc/hosts (repeatable)', collect)
    .option('--restart <policy>', 'restart policy: no, always, on-failure[:N], unless-stopped', 'no')
    .option('--stop-signal <signal>', 'signal that stops the container')
    .option('--stop-timeout <seconds>', 'seconds to wait before SIGKILL on stop')
    .option('--log-opt <key=value>', 'log options: max-size, max-file (repeatable)', collect);
  return resourceFlags(command)
    .option('-i, --interactive', 'keep stdin open: give it to the container when attached')
    .option('-t, --tty', 'give the container a terminal');
}

/** The cgroup limits, the same on create, run and update. */
function resourceFlags(command: Command): Command {
  return command
    .option('-m, --memory <bytes>', 'memory limit (e.g. 512m)')
    .option('--memory-swap <bytes>', 'memory plus swap limit (-1: unlimited swap)')
    .option('--memory-reservation <bytes>', 'memory soft limit')
    .option('--cpus <number>', 'number of CPUs (e.g. 1.5)')
    .option('-c, --cpu-shares <weight>', 'relative CPU weight')
    .option('--cpuset-cpus <list>', 'CPUs allowed (e.g. 0-1)')
    .option('--cpuset-mems <list>', 'memory nodes allowed')
    .option('--pids-limit <n>', 'most processes at once (-1: unlimited)');
}

export function declareContainerCommands(program: Command): void {
  const container = program.command('container').description('Manage containers');
  const load = () => import('../commands/container.js');
  createFlags(container.command('create').description('Create a container without starting it'))
    .option('--rm', 'remove the container when it exits')
    .action(async (image: string, args: string[], options) => (await load()).runCreate(image, args, options));
  createFlags(container.command('run').description('Create and start a container'))
    .option('-d, --detach', 'run in the background and print the container ID')
    .option('--rm', 'remove the container when it exits')
    .action(async (image: string, args: string[], options) => (await import('../commands/container-run.js')).runRun(image, args, options));
  container
    .command('start')
    .description('Start stopped containers')
    .argument('<containers...>')
    .option('-a, --attach', 'attach to the output and wait (one container)')
    .action(async (names: string[], options) => (await load()).runStart(names, options));
  for (const verb of ['stop', 'restart'] as const) {
    container
      .command(verb)
      .description(verb === 'stop' ? 'Stop running containers' : 'Restart containers')
      .argument('<containers...>')
      .option('-t, --time <seconds>', 'seconds to wait before killing')
      .option('-s, --signal <signal>', 'signal to stop with')
      .action(async (names: string[], options) => (await load())[verb === 'stop' ? 'runStop' : 'runRestart'](names, options));
  }
  container
    .command('kill')
    .description('Send a signal to running containers')
    .argument('<containers...>')
    .option('-s, --signal <signal>', 'signal to send', 'SIGKILL')
    .action(async (names: string[], options) => (await load()).runKill(names, options));
  container
    .command('rm')
    .alias('remove')
    .description('Remove containers')
    .argument('<containers...>')
    .option('-f, --force', 'kill and remove running containers')
    .option('-v, --volumes', 'remove anonymous volumes too')
    .action(async (names: string[], options) => (await load()).runRemove(names, options));
  resourceFlags(container.command('update').description('Change the resource limits or restart policy of containers, at once if they run').argument('<containers...>'))
    .option('--restart <policy>', 'restart policy: no, always, on-failure[:N], unless-stopped')
    .action(async (names: string[], options) => (await load()).runUpdate(names, options));
  container
    .command('rename')
    .description('Rename a container')
    .argument('<container>')
    .argument('<new-name>')
    .action(async (name: string, newName: string) => (await load()).runRename(name, newName));
  container
    .command('prune')
    .description('Remove every container that is not running')
    .option('-f, --force', 'do not ask (Flotilla never asks)')
    .option('--filter <key=value>', 'until=TIME, label=KEY[=VALUE] or label!=KEY[=VALUE] (repeatable)', collect)
    .action(async (options) => (await load()).runPrune(options));
  container
    .command('ls')
    .aliases(['list', 'ps'])
    .description('List containers')
    .option('-a, --all', 'show all containers (default: running only)')
    .option('-q, --quiet', 'only container IDs')
    .option('--no-trunc', 'do not truncate output')
    .option('--format <format>', 'table, json, \'table TEMPLATE\' or a Go template per row')
    .option('-f, --filter <key=value>', 'filter: name, id, label, status, network, publish (repeatable)', collect)
    .action(async (options) => (await import('../commands/container-view.js')).runList(options));
  container
    .command('logs')
    .description('Show a container\'s output')
    .argument('<container>')
    .option('-f, --follow', 'keep printing new output')
    .option('-n, --tail <n>', 'number of lines from the end', 'all')
    .option('-t, --timestamps', 'show timestamps')
    .option('--since <time>', 'since a time (RFC 3339) or a duration ago (10m)')
    .option('--until <time>', 'until a time (RFC 3339) or a duration ago')
    .action(async (name: string, options) => (await load()).runLogs(name, options));
  container
    .command('exec')
    .description('Run a command in a running container')
    .argument('<container>')
    .argument('<command...>')
    .passThroughOptions()
    .option('-d, --detach', 'run in the background')
    .option('-e, --env <KEY=VALUE>', 'set an environment variable (repeatable)', collect)
    .option('-u, --user <user>', 'user name or uid[:gid]')
    .option('-w, --workdir <dir>', 'working directory')
    .option('--privileged', 'give the process every capability')
    .option('-i, --interactive', 'keep stdin open')
    .option('-t, --tty', 'give the command a terminal')
    .action(async (name: string, command: string[], options) => (await load()).runExec(name, command, options));
  for (const verb of ['pause', 'unpause'] as const) {
    container
      .command(verb)
      .description(verb === 'pause' ? 'Freeze every process of containers' : 'Thaw paused containers')
      .argument('<containers...>')
      .action(async (names: string[]) => (await load())[verb === 'pause' ? 'runPause' : 'runUnpause'](names));
  }
  container
    .command('port')
    .description('List the published ports of a container, or where one port is published')
    .argument('<container>')
    .argument('[port]', 'PORT[/PROTO]')
    .action(async (name: string, port: string | undefined) => (await import('../commands/container-view.js')).runPort(name, port));
  container
    .command('inspect')
    .description('Show details of containers as JSON')
    .argument('<containers...>')
    .option('-f, --format <template>', 'a Go template per object (docker\'s --format), or json')
    .action(async (names: string[], options) => (await import('../commands/container-view.js')).runInspect(names, options));
  container
    .command('cp')
    .description('Copy files between a container and the host: CONTAINER:SRC DEST or SRC CONTAINER:DEST')
    .argument('<source>')
    .argument('<destination>')
    .action(async (source: string, destination: string) => (await load()).runCopy(source, destination));
  container
    .command('top')
    .description('Show the processes of a container')
    .argument('<container>')
    .argument('[ps-options...]', 'ps options (default -ef)')
    .action(async (name: string, psOptions: string[]) => (await import('../commands/container-top.js')).runTop(name, psOptions));
  container
    .command('stats')
    .description('Show CPU, memory and process counts of running containers')
    .argument('[containers...]')
    .option('-a, --all', 'include stopped containers (shown with zeros)')
    .option('--no-stream', 'print one sample and exit')
    .option('--format <format>', 'table, json, \'table TEMPLATE\' or a Go template per row')
    .action(async (names: string[], options) => (await import('../commands/container-top.js')).runStats(names, options));
  container
    .command('wait')
    .description('Wait for containers to stop, then print their exit codes')
    .argument('<containers...>')
    .action(async (names: string[]) => (await load()).runWait(names));
}
