// The `network` commands with docker's names and flags; each action imports
// its implementation when it runs.
import type { Command } from 'commander';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function declareNetworkCommands(program: Command): void {
  const network = program.command('network').description('Manage networks');
  const load = () => import('../commands/network.js');
  network
    .command('create')
    .description('Create a network')
    .argument('<name>')
    .option('-d, --driver <driver>', 'network driver (only bridge)', 'bridge')
    .option('--subnet <cidr>', 'subnet, e.g. 172.28.0.0/16 (from the default pools when omitted)')
    .option('--gateway <address>', 'gateway address (the subnet\'s first address when omitted)')
    .option('--ip-range <cidr>', 'allocate container addresses from this part of the subnet')
    .option('--internal', 'no access to or from outside the network')
    .option('--attachable', 'accepted for compatibility')
    .option('--label <key=value>', 'set a label (repeatable)', collect)
    .option('-o, --opt <key=value>', 'driver option, e.g. com.docker.network.driver.mtu=1400 (repeatable)', collect)
    .action(async (name: string, options) => (await load()).runNetworkCreate(name, options));
  network
    .command('ls')
    .alias('list')
    .description('List networks')
    .option('-q, --quiet', 'only network IDs')
    .option('--format <format>', 'table, json, \'table TEMPLATE\' or a Go template per row')
    .option('--no-trunc', 'show full IDs')
    .option('-f, --filter <key=value>', 'filter: name, id, driver, label, type=custom|builtin (repeatable)', collect)
    .action(async (options) => (await load()).runNetworkList(options));
  network
    .command('inspect')
    .description('Show details of networks as JSON')
    .argument('<networks...>')
    .option('-f, --format <template>', 'a Go template per object (docker\'s --format), or json')
    .action(async (names: string[], options) => (await load()).runNetworkInspect(names, options));
  network
    .command('rm')
    .alias('remove')
    .description('Remove networks (never one with containers attached)')
    .argument('<networks...>')
    .option('-f, --force', 'do not fail on networks that do not exist')
    .action(async (names: string[], options) => (await load()).runNetworkRemove(names, options));
  network
    .command('prune')
    .description('Remove every network no container is attached to')
    .option('-f, --force', 'do not ask (Flotilla never asks)')
    .option('--filter <key=value>', 'filter: label (repeatable)', collect)
    .action(async (options) => (await load()).runNetworkPrune(options));
  network
    .command('connect')
    .description('Connect a container to a network')
    .argument('<network>')
    .argument('<container>')
    .option('--alias <alias>', 'another name of the container on this network (repeatable)', collect)
    .option('--ip <address>', 'IPv4 address on the network')
    .action(async (net: string, container: string, options) => (await load()).runNetworkConnect(net, container, options));
  network
    .command('disconnect')
    .description('Disconnect a container from a network')
    .argument('<network>')
    .argument('<container>')
    .option('-f, --force', 'do not fail when the container is not connected')
    .action(async (net: string, container: string, options) => (await load()).runNetworkDisconnect(net, container, options));
}
