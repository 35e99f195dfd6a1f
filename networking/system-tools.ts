// Where `ip` and `iptables` live. They sit in /usr/sbin or /sbin, which a
// user's PATH (or the PATH given to `run` by a script) often leaves out; the
// host's networking must not depend on it.
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';

const SYSTEM_DIRS = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin'];
const found = new Map<string, string>();

/** The absolute path of `name` from PATH or the system directories; `name` itself when none has it (the spawn error then names it). */
export function systemTool(name: string): string {
  const cached = found.get(name);
  if (cached) return cached;
  const dirs = [...(process.env['PATH'] ?? '').split(delimiter).filter((d) => d.startsWith('/')), ...SYSTEM_DIRS];
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      found.set(name, candidate);
      return candidate;
    } catch {
      // not here; try the next directory
    }
  }
  return name;
}
