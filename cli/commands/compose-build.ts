// `flotilla build [SERVICE...]`: builds the project's images as `docker
// compose build` does; the steps stream to stderr.
import { build } from '../../index.js';
import type { GlobalOptions } from '../global-options.js';
import { openFromCli } from './compose-common.js';
import { pairs } from './image-build.js';

export interface ComposeBuildFlags {
  buildArg: string[];
  cache?: boolean;
  quiet?: boolean;
}

export async function runComposeBuild(services: string[], flags: ComposeBuildFlags, global: GlobalOptions): Promise<void> {
  const project = openFromCli(global, services);
  const buildArgs = pairs(flags.buildArg, '--build-arg', process.env);
  await build(project, {
    ...(services.length > 0 && { services }),
    ...(flags.cache === false && { noCache: true }),
    ...(Object.keys(buildArgs).length > 0 && { buildArgs }),
    ...(!flags.quiet && { output: process.stderr }),
  });
}
