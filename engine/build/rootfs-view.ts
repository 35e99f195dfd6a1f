// What a build stage's root looks like so far, read from its unpacked layer
// directories without mounting them: the topmost layer that has a path
// decides, and a whiteout there (a 0/0 character device) means it was
// deleted. COPY uses it for the folders it writes into and --chown for
// /etc/passwd; deeper overlay rules (opaque folders) matter to neither.
import { lstatSync, readFileSync, type Stats } from 'node:fs';
import { join } from 'node:path';

export interface FoundPath {
  readonly path: string;
  readonly stat: Stats;
}

export class RootfsView {
  /** `layers`: the unpacked layer directories, lowest first. */
  constructor(private readonly layers: readonly string[]) {}

  /** The entry at `rel` (relative to /, no leading slash), or undefined when the root has none. */
  lookup(rel: string): FoundPath | undefined {
    for (const layer of [...this.layers].reverse()) {
      const path = join(layer, rel);
      const stat = lstatSync(path, { throwIfNoEntry: false });
      if (!stat) continue;
      if (stat.isCharacterDevice() && stat.rdev === 0) return undefined;
      return { path, stat };
    }
    return undefined;
  }

  readText(rel: string): string | undefined {
    const found = this.lookup(rel);
    return found?.stat.isFile() ? readFileSync(found.path, 'utf8') : undefined;
  }
}

/** The numeric uid of a user name (or number) from the root's /etc/passwd; gid likewise from /etc/group. */
export function resolveOwner(view: RootfsView, spec: string): { uid: number; gid: number } | { unknown: string } {
  const [user, group] = spec.split(':') as [string, string | undefined];
  const passwd = parseTable(view.readText('etc/passwd'));
  const uid = /^\d+$/.test(user) ? Number(user) : passwd.get(user)?.[1];
  if (uid === undefined) return { unknown: `user ${user}` };
  if (group === undefined) {
    // A user alone: the group of that name (docker's rule), else gid = uid for a number.
    const groups = parseTable(view.readText('etc/group'));
    const ownGroup = /^\d+$/.test(user) ? Number(user) : (groups.get(user)?.[1] ?? passwd.get(user)?.[2]);
    return { uid, gid: ownGroup ?? uid };
  }
  const gid = /^\d+$/.test(group) ? Number(group) : parseTable(view.readText('etc/group')).get(group)?.[1];
  if (gid === undefined) return { unknown: `group ${group}` };
  return { uid, gid };
}

/** name → [name, second field, third field] as numbers, from passwd or group lines. */
function parseTable(text: string | undefined): Map<string, [string, number, number | undefined]> {
  const table = new Map<string, [string, number, number | undefined]>();
  for (const line of (text ?? '').split('\n')) {
    const fields = line.split(':');
    if (fields.length < 3 || !/^\d+$/.test(fields[2]!)) continue;
    table.set(fields[0]!, [fields[0]!, Number(fields[2]), fields[3] && /^\d+$/.test(fields[3]) ? Number(fields[3]) : undefined]);
  }
  return table;
}
