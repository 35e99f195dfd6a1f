// Container ids and names: 64 hex digits like docker's, and docker's name
// rules, with a readable generated name when none is given.
import { randomBytes } from 'node:crypto';
import { EngineError, EngineErrorCode } from '../../errors.js';

const VALID_NAME = /^\/?[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;
const ADJECTIVES = ['brave', 'calm', 'eager', 'fond', 'keen', 'lucid', 'merry', 'nimble', 'proud', 'quiet', 'swift', 'tidy', 'vivid', 'wise', 'zesty'];
const NOUNS = ['albatross', 'barge', 'clipper', 'dinghy', 'ferry', 'galleon', 'junk', 'ketch', 'lugger', 'schooner', 'sloop', 'tug', 'yawl', 'cutter', 'frigate'];

export function newContainerId(): string {
  return randomBytes(32).toString('hex');
}

export function checkName(name: string): string {
  if (!VALID_NAME.test(name)) throw new EngineError(EngineErrorCode.InvalidConfig, `invalid container name "${name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed`);
  return name.replace(/^\//, '');
}

/** A free `adjective_noun` name, with a number added if all are taken. */
export function generateName(taken: ReadonlySet<string>, random: () => number = Math.random): string {
  for (let attempt = 0; ; attempt++) {
    const name = `${ADJECTIVES[Math.floor(random() * ADJECTIVES.length)]}_${NOUNS[Math.floor(random() * NOUNS.length)]}${attempt > 10 ? attempt : ''}`;
    if (!taken.has(name)) return name;
  }
}
