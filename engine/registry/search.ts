// `search`: what a registry says it holds, for registries that serve the
// catalog (`/v2/_catalog`) and tag lists; both are paged with `Link` headers.
import { readBody } from './http.js';
import { withSession, type RegistryOptions } from './connect.js';
import type { RegistrySession } from './session.js';

export interface SearchOptions extends RegistryOptions {
  /** Stop after this many repositories. */
  readonly limit?: number;
}

/** Repositories of `registry` whose name contains `term` (all when empty), sorted. */
export async function searchCatalog(registry: string, term: string, options: SearchOptions = {}): Promise<string[]> {
  return withSession(registry, options, async (session) => {
    const names = await paged(session, '/v2/_catalog?n=1000', 'registry:catalog:*', 'repositories', 'the catalog');
    const matches = names.filter((name) => name.includes(term)).sort();
    return options.limit === undefined ? matches : matches.slice(0, options.limit);
  });
}

/** Tags of one repository, sorted. */
export async function listTags(registry: string, repository: string, options: RegistryOptions = {}): Promise<string[]> {
  return withSession(registry, options, async (session) =>
    (await paged(session, `/v2/${repository}/tags/list?n=1000`, `repository:${repository}:pull`, 'tags', `the tags of ${repository}`)).sort());
}

async function paged(session: RegistrySession, first: string, scope: string, field: 'repositories' | 'tags', what: string): Promise<string[]> {
  const all: string[] = [];
  for (let path: string | undefined = first; path; ) {
    const res = await session.expectOk({ path, scope }, what);
    const page = JSON.parse((await readBody(res.body)).toString('utf8')) as Record<string, string[] | null>;
    all.push(...(page[field] ?? []));
    path = nextLink(String(res.headers.link ?? ''));
  }
  return all;
}

/** The `rel="next"` target of a Link header (`</v2/_catalog?last=x&n=100>; rel="next"`). */
export function nextLink(header: string): string | undefined {
  const match = /<([^>]+)>\s*;\s*rel="?next"?/.exec(header);
  return match?.[1];
}
