// `flotilla image build -t NAME [-f Dockerfile] CONTEXT`: builds as `docker
// build` does; the steps and RUN output stream to stderr, and the image ID
// ends on stdout.
import { Engine } from '../../engine/engine.js';
import { UsageError } from '../../errors.js';

export interface ImageBuildFlags {
  tag: string[];
  file?: string;
  buildArg: string[];
  label: string[];
  target?: string;
  cache?: boolean;
  quiet?: boolean;
}

export async function runImageBuild(context: string, flags: ImageBuildFlags): Promise<void> {
  if (context === '-' || /^[a-z][a-z0-9+.-]*:\/\//i.test(context)) throw new UsageError(`build context ${context}: only a folder on this machine can be a build context`);
  const built = await new Engine().build({
    context,
    ...(flags.file !== undefined && { dockerfile: flags.file }),
    tags: flags.tag,
    buildArgs: pairs(flags.buildArg, '--build-arg', process.env),
    labels: pairs(flags.label, '--label', {}),
    ...(flags.target !== undefined && { target: flags.target }),
    ...(flags.cache === false && { noCache: true }),
    ...(!flags.quiet && { output: process.stderr }),
  });
  process.stdout.write(`${built.id}\n`);
}

/** `K=V` items; `K` alone takes the value from `env` (docker's --build-arg rule) or is left out. */
export function pairs(items: readonly string[], flag: string, env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of items) {
    const eq = item.indexOf('=');
    const key = eq < 0 ? item : item.slice(0, eq);
    if (key === '') throw new UsageError(`${flag} ${item}: expected KEY=VALUE`);
    const value = eq < 0 ? env[key] : item.slice(eq + 1);
    if (value !== undefined) out[key] = value;
  }
  return out;
}
