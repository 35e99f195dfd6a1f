// Applies the rules of firewall/rules.ts: one iptables-save to see which
// jumps into our chains exist, one iptables-restore --noflush that rewrites
// our chains whole and adds what is missing. FLOTILLA_IPTABLES=legacy|nft
// picks a backend explicitly; by default the system's iptables is used.
import { spawnSync } from 'node:child_process';
import { EngineError, EngineErrorCode } from '../../errors.js';
import type { PublishedPort } from '../model.js';
import { systemTool } from '../system-tools.js';
import { dnatRule, inSync, jumps, restoreInput, teardownInput, type ChainSet, type FirewallState, type Jump } from './rules.js';

function command(tool: 'save' | 'restore' | '', env: Readonly<Record<string, string | undefined>>): string {
  const suffix = tool ? `-${tool}` : '';
  const backend = env['FLOTILLA_IPTABLES'];
  if (backend === 'legacy' || backend === 'nft') return `iptables-${backend}${suffix}`;
  if (backend) throw new EngineError(EngineErrorCode.InvalidConfig, `FLOTILLA_IPTABLES must be legacy or nft, not "${backend}"`);
  return `iptables${suffix}`;
}

/**
 * The command that deletes a published port's DNAT rule, for the
 * container's supervisor to run when the container ends for good: from then
 * on the port belongs to the host again, though our state forgets the
 * container only at the next networking command.
 */
export function dnatRemoval(chains: ChainSet, port: PublishedPort, env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  return [systemTool(command('', env)), '-w', '5', '-t', 'nat', '-D', ...dnatRule(chains, port).split(' ').slice(1)];
}

function run(tool: 'save' | 'restore', args: string[], input: string | undefined, env: Readonly<Record<string, string | undefined>>): string {
  const program = command(tool, env);
  const result = spawnSync(systemTool(program), args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...(input !== undefined && { input }) });
  if (result.error) throw new EngineError(EngineErrorCode.System, `cannot run ${program} (install iptables): ${result.error.message}`);
  if (result.status !== 0) throw new EngineError(EngineErrorCode.System, `${program} failed: ${result.stderr.trim().split('\n').slice(-2).join('; ')}`);
  return result.stdout;
}

/** The saved form of each of our jumps as it stands now (several if a crash duplicated one). */
function presentJumps(saved: string, chains: ChainSet): Jump[] {
  const found: Jump[] = [];
  let table = '';
  for (const line of saved.split('\n')) {
    if (line.startsWith('*')) table = line.slice(1).trim();
    for (const jump of jumps(chains)) {
      const target = /(?:^| )-j (\S+)$/.exec(jump.rule)![1]!;
      if (table === jump.table && line.startsWith(`-A ${jump.chain} `) && line.endsWith(` -j ${target}`)) {
        found.push({ ...jump, rule: line.slice(`-A ${jump.chain} `.length) });
      }
    }
  }
  return found;
}

/** Makes the host's rules for this root exactly `state`'s; false when they already were. */
export function applyFirewall(chains: ChainSet, state: FirewallState, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const saved = run('save', [], undefined, env);
  if (inSync(saved, chains, state)) return false;
  const present = presentJumps(saved, chains);
  const wanted = jumps(chains);
  const missing = wanted.filter((jump) => !present.some((p) => p.table === jump.table && p.chain === jump.chain));
  // A jump found twice (a crash between save and restore of two racing
  // commands of an older layout) is reduced to one.
  const duplicates = present.filter((p, i) => present.findIndex((q) => q.table === p.table && q.chain === p.chain) !== i);
  run('restore', ['-w', '--noflush'], restoreInput(chains, state, missing, duplicates), env);
  return true;
}

/** Removes our jumps and chains: the host is left as if this root never had a network. */
export function removeFirewall(chains: ChainSet, env: Readonly<Record<string, string | undefined>> = process.env): void {
  const present = presentJumps(run('save', [], undefined, env), chains);
  run('restore', ['-w', '--noflush'], teardownInput(chains, present), env);
}

/** Every saved rule line mentioning one of our chains (tests' leak check). */
export function rulesMentioning(prefix: string, env: Readonly<Record<string, string | undefined>> = process.env): string[] {
  return run('save', [], undefined, env)
    .split('\n')
    .filter((line) => line.includes(prefix));
}
