// `login`, `logout` and `search`: credentials checked and kept in docker's
// config file; a registry's catalog and tag lists.
import { readFileSync } from 'node:fs';
import { UsageError } from '../../errors.js';
import { DEFAULT_REGISTRY, listTags, login, logout, parseReference, searchCatalog } from '../../engine/registry/index.js';

export interface LoginFlags {
  username?: string;
  password?: string;
  passwordStdin?: boolean;
}

export async function runLogin(server: string | undefined, flags: LoginFlags): Promise<void> {
  const registry = registryOf(server);
  if (!flags.username) throw new UsageError('login needs a user name: -u USER');
  if (flags.password !== undefined && flags.passwordStdin) throw new UsageError('--password and --password-stdin are mutually exclusive');
  const password = flags.passwordStdin ? readFileSync(0, 'utf8').replace(/\r?\n$/, '') : flags.password;
  if (password === undefined) throw new UsageError('login needs a password: -p PASSWORD or --password-stdin');
  await login(registry, { username: flags.username, password });
  process.stdout.write('Login Succeeded\n');
}

export function runLogout(server: string | undefined): void {
  const registry = registryOf(server);
  logout(registry);
  process.stdout.write(`Removing login credentials for ${registry}\n`);
}

export interface SearchFlags {
  tags?: boolean;
  limit?: string;
}

/** `search HOST[/TERM]` lists the catalog's repositories containing TERM; `search --tags HOST/REPO` the tags of one. */
export async function runSearch(target: string, flags: SearchFlags): Promise<void> {
  if (flags.tags) {
    const ref = parseReference(target);
    for (const tag of await listTags(ref.registry, ref.repository)) process.stdout.write(`${tag}\n`);
    return;
  }
  const slash = target.indexOf('/');
  const registry = slash < 0 ? target : target.slice(0, slash);
  const term = slash < 0 ? '' : target.slice(slash + 1);
  if (!/[.:]|^localhost$/.test(registry) || registry === DEFAULT_REGISTRY) {
    throw new UsageError(`search needs a registry that serves its catalog: flotilla search HOST[:PORT][/TERM] (got "${target}")`, { hint: 'Docker Hub serves no catalog' });
  }
  const limit = flags.limit === undefined ? undefined : Number(flags.limit);
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 1)) throw new UsageError(`invalid --limit "${flags.limit}": a positive integer`);
  const names = await searchCatalog(registry, term, limit === undefined ? {} : { limit });
  process.stdout.write(['NAME', ...names.map((n) => `${registry}/${n}`)].map((l) => `${l}\n`).join(''));
}

function registryOf(server: string | undefined): string {
  if (server === undefined) return DEFAULT_REGISTRY;
  return server.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
}
