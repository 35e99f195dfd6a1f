// docker's `--security-opt seccomp=…` (compose's `security_opt:
// [seccomp:…]`): `unconfined`, or the path of a profile file in Docker's
// format, read and checked now, as docker's client does, so the container
// keeps the profile it was made with whatever happens to the file later.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EngineError, EngineErrorCode } from '../../../errors.js';
import type { ContainerConfig } from '../config.js';
import { parseSeccompProfile } from './profile.js';

/**
 * The seccomp setting a security option asks for, or undefined when the
 * option is not about seccomp. A relative path is taken from `baseDir`
 * (the working directory for the CLI, the project's for compose).
 */
export function seccompSecurityOption(option: string, baseDir = process.cwd()): ContainerConfig['seccomp'] | undefined {
  const match = /^seccomp[=:](.*)$/s.exec(option);
  if (!match) return undefined;
  const value = match[1]!;
  if (value === 'unconfined') return 'unconfined';
  if (value === '') throw new EngineError(EngineErrorCode.InvalidConfig, `security option "${option}" names no profile`);
  return loadSeccompProfile(resolve(baseDir, value));
}

export function loadSeccompProfile(path: string): NonNullable<Exclude<ContainerConfig['seccomp'], 'unconfined'>> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new EngineError(EngineErrorCode.InvalidConfig, `cannot read seccomp profile ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, { cause: err });
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new EngineError(EngineErrorCode.InvalidConfig, `seccomp profile ${path} is not JSON: ${(err as Error).message}`, { cause: err });
  }
  return parseSeccompProfile(parsed, path);
}
