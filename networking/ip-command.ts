// The one way networking changes links, addresses and routes: `ip -batch`,
// so a whole attachment costs one process per namespace rather than one per
// command (see the cost model in the design notes).
import { spawnSync } from 'node:child_process';
import { EngineError, EngineErrorCode } from '../errors.js';
import { systemTool } from './system-tools.js';

/** Runs `lines` through `ip -batch -`, inside the named network namespace when `netns` is given. */
export function ipBatch(lines: readonly string[], netns?: string): void {
  if (lines.length === 0) return;
  const args = [...(netns ? ['-n', netns] : []), '-batch', '-'];
  const result = spawnSync(systemTool('ip'), args, { input: `${lines.join('\n')}\n`, encoding: 'utf8' });
  if (result.error) throw new EngineError(EngineErrorCode.System, `cannot run ip (install iproute2): ${result.error.message}`);
  if (result.status !== 0) {
    const detail = result.stderr.trim().split('\n').filter(Boolean).join('; ');
    throw new EngineError(EngineErrorCode.System, `network setup failed${netns ? ` in namespace ${netns}` : ''}: ${detail || `ip exited with ${result.status}`}`);
  }
}

/** Like ipBatch, but every line is tried and failures are ignored: teardown of what may already be gone. */
export function ipBatchForce(lines: readonly string[]): void {
  if (lines.length === 0) return;
  spawnSync(systemTool('ip'), ['-force', '-batch', '-'], { input: `${lines.join('\n')}\n`, stdio: ['pipe', 'ignore', 'ignore'] });
}
