// The rules a volume request must follow before anything is written: docker's
// name rule, random names for volumes created without one, and the local
// driver's options (stored here, mounted later by the container engine).
import { randomBytes } from 'node:crypto';
import { EngineError, EngineErrorCode } from '../../errors.js';

// docker's rule for local volume names; it also keeps a name from being a path.
const VALID_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]+$/;

/** The only driver there is: a directory under the state root. */
export const LOCAL_DRIVER = 'local';

/** Mount options of the local driver: `type` (tmpfs, nfs…), `device` and `o` (mount data). */
const LOCAL_OPTIONS = ['type', 'device', 'o'];

export function isValidVolumeName(name: string): boolean {
  return VALID_NAME.test(name);
}

export function checkVolumeName(name: string): string {
  if (!isValidVolumeName(name)) {
    throw new EngineError(EngineErrorCode.InvalidConfig, `invalid volume name "${name}": only [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed, at least two characters`, {
      hint: 'to bind a host directory, give an absolute path',
    });
  }
  return name;
}

/** 64 hex digits, as docker names volumes created without a name. */
export function randomVolumeName(): string {
  return randomBytes(32).toString('hex');
}

export function checkDriver(driver: string): void {
  if (driver !== LOCAL_DRIVER) throw new EngineError(EngineErrorCode.InvalidConfig, `volume driver "${driver}" is not supported (only local)`);
}

/** docker's local driver checks: known keys only, and `o` needs `type` and `device` to mean anything. */
export function checkDriverOptions(name: string, options: Readonly<Record<string, string>>): void {
  for (const key of Object.keys(options)) {
    if (!LOCAL_OPTIONS.includes(key)) throw new EngineError(EngineErrorCode.InvalidConfig, `invalid option "${key}" for volume ${name}: the local driver takes ${LOCAL_OPTIONS.join(', ')}`);
  }
  if (options['o'] !== undefined) {
    for (const needed of ['type', 'device']) {
      if (options[needed] === undefined) throw new EngineError(EngineErrorCode.InvalidConfig, `missing option "${needed}" for volume ${name}: "o" is used only with type and device`);
    }
  }
}
