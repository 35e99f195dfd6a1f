// `flotilla watch` (or `up --watch`) running in the background against a
// stack's folder: its output is collected so a test can wait for a line,
// then for the real state that line announces.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { Stack } from './compose-stack.js';
import type { TestEngine } from './engine.js';
import { eventually } from './eventually.js';
import { cliPath } from './scenario.js';

export interface WatchProcess {
  /** Everything written so far, stdout and stderr interleaved as they arrived. */
  output(): string;
  /** Lines matching `pattern`, in order. */
  lines(pattern: RegExp): string[];
  /** Waits until `count` lines match `pattern` (the process must not have ended first). */
  waitForLines(pattern: RegExp, count: number, timeoutMs?: number): Promise<string[]>;
  /** Ctrl-C, then its exit status. */
  interrupt(): Promise<number | null>;
}

export function startWatch(engine: TestEngine, stack: Stack, args: readonly string[] = ['watch']): WatchProcess {
  const child: ChildProcess = spawn(cliPath, ['--project-directory', stack.dir, '-f', join(stack.dir, 'compose.yaml'), ...args, '--progress', 'plain'], {
    cwd: stack.dir,
    env: { PATH: '/usr/sbin:/usr/bin:/sbin:/bin', FLOTILLA_ROOT: engine.root, FLOTILLA_DNS_UPSTREAMS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let text = '';
  child.stdout!.on('data', (chunk) => (text += String(chunk)));
  child.stderr!.on('data', (chunk) => (text += String(chunk)));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  let ended = false;
  void exited.then(() => (ended = true));
  const lines = (pattern: RegExp) => text.split('\n').filter((line) => pattern.test(line));
  return {
    output: () => text,
    lines,
    waitForLines: (pattern, count, timeoutMs = 20_000) =>
      eventually(() => {
        const found = lines(pattern);
        if (found.length >= count) return found;
        if (ended) throw new Error(`watch ended before ${count} line(s) matched ${pattern}:\n${text}`);
        throw new Error(`${found.length} of ${count} line(s) matched ${pattern}:\n${text}`);
      }, timeoutMs),
    interrupt: async () => {
      if (!ended) child.kill('SIGINT');
      return exited;
    },
  };
}
