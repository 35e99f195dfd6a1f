// When each name was last pulled: pull_policy daily / weekly / every_N asks
// whether that is long enough ago. One small JSON file beside the tags.
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { writeFileAtomic } from '../../state/atomic-write.js';

type PullTimes = Record<string, string>;

function pullsFile(root: string): string {
  return join(root, 'images', 'pulled.json');
}

function readPulls(root: string): PullTimes {
  try {
    return JSON.parse(readFileSync(pullsFile(root), 'utf8')) as PullTimes;
  } catch {
    return {};
  }
}

/** The time `reference` (fully qualified) was last pulled, if ever. */
export function lastPulled(root: string, reference: string): Date | undefined {
  const at = readPulls(root)[reference];
  return at === undefined ? undefined : new Date(at);
}

export function recordPull(root: string, reference: string, at: Date = new Date()): void {
  const file = pullsFile(root);
  mkdirSync(dirname(file), { recursive: true });
  writeFileAtomic(file, `${JSON.stringify({ ...readPulls(root), [reference]: at.toISOString() }, null, 2)}\n`);
}
