// The one way networking changes links, addresses, routes and network
// namespaces: command lines in `ip`'s syntax, a line starting `-n NETNS` to
// run inside that namespace, run by flotilla-netlink (networking/netlink/*.c)
// over rtnetlink. A whole attachment, host side and container side, costs
// one short process (see the cost model in the design notes).
import { spawn, spawnSync } from 'node:child_process';
import { EngineError, EngineErrorCode } from '../errors.js';
import { builtBinary } from './built-binary.js';

function netlinkBinary(): string {
  return builtBinary('netlink/flotilla-netlink', process.env['FLOTILLA_NETLINK'], 'the network helper flotilla-netlink');
}

/** The lines, run inside the named network namespace. */
export function inNamespace(netns: string, lines: readonly string[]): string[] {
  return lines.map((line) => `-n ${netns} ${line}`);
}

/** A command (absolute program first) that runs the lines, for another process to run: the container's supervisor. */
export function linkCommandsArgv(lines: readonly string[], options: { force?: boolean } = {}): string[] {
  return [netlinkBinary(), ...(options.force ? ['-force'] : []), ...lines];
}

/** Runs the lines in order; the first that fails stops the batch and is thrown. */
export function runLinkCommands(lines: readonly string[]): void {
  if (lines.length === 0) return;
  const result = spawnSync(netlinkBinary(), [], { input: batch(lines), encoding: 'utf8', stdio: ['pipe', 'ignore', 'pipe'] });
  if (result.error) throw failure(`network setup failed: cannot run flotilla-netlink: ${result.error.message}`);
  if (result.status !== 0) throw failure(result.stderr, result.status);
}

/** runLinkCommands, while the caller goes on with other work. */
export function startLinkCommands(lines: readonly string[]): Promise<void> {
  if (lines.length === 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const child = spawn(netlinkBinary(), [], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', (err) => reject(failure(`network setup failed: cannot run flotilla-netlink: ${err.message}`)));
    child.on('close', (status) => (status === 0 ? resolve() : reject(failure(stderr, status))));
    child.stdin.end(batch(lines));
  });
}

/** Every line is tried and failures are ignored: teardown of what may already be gone. */
export function runLinkCommandsForce(lines: readonly string[]): void {
  if (lines.length === 0) return;
  spawnSync(netlinkBinary(), ['-force'], { input: batch(lines), stdio: ['pipe', 'ignore', 'ignore'] });
}

function batch(lines: readonly string[]): string {
  return `${lines.join('\n')}\n`;
}

/** The helper's own message (it names the command and the kernel's error), or its exit status. */
function failure(stderr: string, status?: number | null): EngineError {
  const detail = stderr.trim().split('\n').filter(Boolean).join('; ');
  return new EngineError(EngineErrorCode.System, detail || `network setup failed: flotilla-netlink exited with ${status}`);
}
