// docker compose's display flags, given before the verb (`flotilla --progress
// plain up`, `flotilla compose --ansi never down`) or, for --progress, after
// it too (`up --progress json`). A hook hands the ones given earlier on the
// line to the verb, so each verb reads its own options alone.
import type { Command } from 'commander';

export interface DisplayFlags {
  progress?: string;
  ansi?: string;
  parallel?: string;
}

const KEYS = ['progress', 'ansi', 'parallel'] as const;

/** Declared on the program and on `compose`, as docker compose declares them on its root command. */
export function addDisplayOptions(command: Command): Command {
  return command
    .option('--ansi <when>', 'when to print ANSI control characters: never, always or auto (COMPOSE_ANSI)')
    .option('--progress <mode>', 'progress output: auto, tty, plain, json or quiet (COMPOSE_PROGRESS)')
    .option('--parallel <n>', 'at most this many actions at once, -1 for no limit (COMPOSE_PARALLEL_LIMIT)');
}

/** A preAction hook: the verb gets the display flags it has not set itself from the nearest command before it. */
export function inheritDisplayOptions(_hooked: Command, action: Command): void {
  for (const key of KEYS) {
    if (action.getOptionValue(key) !== undefined) continue;
    for (let c = action.parent; c; c = c.parent) {
      const value = c.getOptionValue(key) as string | undefined;
      if (value === undefined) continue;
      action.setOptionValue(key, value);
      break;
    }
  }
}
