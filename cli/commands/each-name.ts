// docker's way with a command over several names: every name is tried,
// each one done is printed, and the errors are reported together at the end.
import { FlotillaError } from '../../errors.js';

/** Runs `work` on every name; `skip` says which errors are not failures (rm -f of a missing one). */
export async function forEachName(names: readonly string[], work: (name: string) => void | Promise<void>, skip: (err: unknown) => boolean = () => false): Promise<void> {
  const failures: unknown[] = [];
  for (const name of names) {
    try {
      await work(name);
      process.stdout.write(`${name}\n`);
    } catch (err) {
      if (!skip(err)) failures.push(err);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new FlotillaError('FLOTILLA_ENGINE_MULTIPLE', failures.map((e) => (e instanceof Error ? e.message : String(e))).join('; '));
}
