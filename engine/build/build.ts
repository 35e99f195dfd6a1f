// `image build`: a Dockerfile and its context become a named image. The
// stages the target needs are built in order, each step through the cache;
// only a complete build names anything, so a failed one leaves no image
// (and, each RUN cleaning up after itself, no container).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { BuildError, BuildErrorCode } from '../../errors.js';
import type { Engine } from '../engine.js';
import { parseReference } from '../images/reference.js';
import { parseDockerfile, type Dockerfile } from './dockerfile.js';
import { commitState, type ImageState } from './image-state.js';
import { planStages } from './stages.js';
import { buildStage, type BuildSession } from './stage-builder.js';
import { StepCache } from './step-cache.js';
import { SourceTree } from './source-tree.js';
import { substitute } from './substitute.js';

export interface BuildRequest {
  /** The build context: a folder on the host. */
  readonly context: string;
  /** The Dockerfile, relative to the context (or absolute); `Dockerfile` by default. */
  readonly dockerfile?: string;
  /** The Dockerfile's text itself (compose's dockerfile_inline), instead of a file. */
  readonly dockerfileInline?: string;
  /** Names to give the image (`app:1`); none leaves it unnamed (its ID is returned). */
  readonly tags?: readonly string[];
  readonly buildArgs?: Readonly<Record<string, string>>;
  /** The stage to stop at (by AS name); the last one by default. */
  readonly target?: string;
  /** Labels added to the image's config. */
  readonly labels?: Readonly<Record<string, string>>;
  /** Run every step again, ignoring (and refreshing) the cache. */
  readonly noCache?: boolean;
  /** Step lines and the output of RUN commands, as they come. */
  readonly output?: Writable;
}

export interface BuiltImage {
  /** The image ID: its config digest. */
  readonly id: string;
  readonly manifest: string;
  readonly names: readonly string[];
}

export async function buildImage(engine: Engine, request: BuildRequest): Promise<BuiltImage> {
  const contextDir = resolve(request.context);
  if (!existsSync(contextDir) || !statSync(contextDir).isDirectory()) throw new BuildError(BuildErrorCode.Context, `build context ${contextDir} is not a folder`);
  for (const tag of request.tags ?? []) parseReference(tag);
  const dockerfile = readDockerfile(contextDir, request);
  const plan = planStages(dockerfile, request.target);
  const buildArgs = request.buildArgs ?? {};
  const globalArgs = new Map<string, string | undefined>();
  for (const ins of plan.globalArgs) {
    for (const word of ins.args.split(/\s+/)) {
      const eq = word.indexOf('=');
      const name = eq < 0 ? word : word.slice(0, eq);
      globalArgs.set(name, buildArgs[name] ?? (eq < 0 ? undefined : substitute(word.slice(eq + 1), (n) => globalArgs.get(n), dockerfile.escape).replace(/^"(.*)"$/, '$1')));
    }
  }
  const session: BuildSession = {
    engine,
    dockerfile,
    context: SourceTree.context(contextDir),
    cache: new StepCache(engine.root, engine.images.blobs),
    noCache: request.noCache === true,
    buildArgs,
    globalArgs,
    stages: plan.stages,
    built: new Map(),
    out: request.output ?? devNull(),
    shown: 0,
  };
  let last: ImageState | undefined;
  for (const index of plan.needed) {
    last = await buildStage(session, plan.stages[index]!);
    session.built.set(index, last);
  }
  return nameImage(engine, withLabels(last!, request.labels), request, session);
}

function readDockerfile(contextDir: string, request: BuildRequest): Dockerfile {
  if (request.dockerfileInline !== undefined) return parseDockerfile(request.dockerfileInline, 'Dockerfile (inline)');
  const path = isAbsolute(request.dockerfile ?? '') ? request.dockerfile! : join(contextDir, request.dockerfile ?? 'Dockerfile');
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new BuildError(BuildErrorCode.Context, `cannot read the Dockerfile ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, { cause: err });
  }
  const shown = relative(process.cwd(), path);
  return parseDockerfile(text, shown.startsWith('..') ? path : shown);
}

function withLabels(state: ImageState, labels: Readonly<Record<string, string>> | undefined): ImageState {
  if (!labels || Object.keys(labels).length === 0) return state;
  return { ...state, config: { ...state.config, Labels: { ...state.config.Labels, ...labels } } };
}

async function nameImage(engine: Engine, state: ImageState, request: BuildRequest, session: BuildSession): Promise<BuiltImage> {
  const { manifest, id } = commitState(engine.images.blobs, state);
  const names = await engine.images.addImages([{ manifest, names: request.tags ?? [] }]);
  session.out.write(`#${session.shown + 1} writing image ${id}${names.length > 0 ? `, naming to ${names.join(', ')}` : ''}\n`);
  return { id, manifest, names };
}

function devNull(): Writable {
  return { write: () => true } as unknown as Writable;
}
