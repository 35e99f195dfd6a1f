// Registry commands: `login`, `logout`, `search`, and the compose project's
// `pull` (top level and under `compose`). `image pull|push` are with the image commands.
import type { Command } from 'commander';
import { addGlobalOptions, composeOptions } from '../global-options.js';

export function declareRegistryCommands(program: Command, compose: Command): void {
  program
    .command('login')
    .description('Log in to a registry (Docker Hub when none is given)')
    .argument('[server]', 'registry host[:port]')
    .option('-u, --username <user>', 'user name')
    .option('-p, --password <password>', 'password or token')
    .option('--password-stdin', 'read the password from stdin')
    .action(async (server: string | undefined, options) => (await import('../commands/registry.js')).runLogin(server, options));
  program
    .command('logout')
    .description('Forget the credentials of a registry')
    .argument('[server]', 'registry host[:port]')
    .action(async (server: string | undefined) => (await import('../commands/registry.js')).runLogout(server));
  program
    .command('search')
    .description('List the repositories of a registry\'s catalog (HOST[/TERM]), or the tags of a repository (--tags)')
    .argument('<target>', 'HOST[:PORT][/TERM], or HOST[:PORT]/REPOSITORY with --tags')
    .option('--tags', 'list the tags of the repository')
    .option('--limit <n>', 'show at most n repositories')
    .action(async (target: string, options) => (await import('../commands/registry.js')).runSearch(target, options));
  for (const parent of [program, compose]) {
    addGlobalOptions(parent.command('pull'))
      .description('Pull the images of the project\'s services')
      .argument('[services...]', 'only these services')
      .option('--ignore-pull-failures', 'pull what can be pulled, and report the rest')
      .option('--include-deps', 'pull the services they depend on too')
      .option('-q, --quiet', 'print nothing but errors')
      .option('--policy <policy>', 'pull missing images only (missing), or all (always)')
      .action(async (services: string[], options, command: Command) => (await import('../commands/compose-pull.js')).runPull(services, options, composeOptions(command)));
  }
}
