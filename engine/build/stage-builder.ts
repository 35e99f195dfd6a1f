// Builds one stage: FROM gives the starting state, then every instruction
// maps the state to the next, through the step cache. The cache key is the
// state before the step, the instruction as expanded, and what else the
// step reads: the build arguments a RUN sees, the content a COPY copies.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, posix } from 'node:path';
import type { Writable } from 'node:stream';
import { BuildError, BuildErrorCode } from '../../errors.js';
import type { Engine } from '../engine.js';
import { applyConfigStep, commandOf, DEFAULT_SHELL, isConfigStep } from './config-step.js';
import { copyLayer } from './copy-step.js';
import { execForm, type Dockerfile, type Instruction } from './dockerfile.js';
import { commitState, SCRATCH, stateDigest, stateOfImage, withHistory, type ImageState } from './image-state.js';
import type { WrittenLayer } from './layer-writer.js';
import { resolveOwner, RootfsView } from './rootfs-view.js';
import { runStep } from './run-step.js';
import { stageNamed, type Stage } from './stages.js';
import { StepCache } from './step-cache.js';
import { contentDigest, MissingSource, SourceTree, type TreeEntry } from './source-tree.js';
import { substitute, SubstitutionError } from './substitute.js';

export interface BuildSession {
  readonly engine: Engine;
  readonly dockerfile: Dockerfile;
  readonly context: SourceTree;
  readonly cache: StepCache;
  readonly noCache: boolean;
  readonly buildArgs: Readonly<Record<string, string>>;
  readonly globalArgs: ReadonlyMap<string, string | undefined>;
  readonly stages: readonly Stage[];
  /** The final state of each stage built so far, by index. */
  readonly built: Map<number, ImageState>;
  readonly out: Writable;
  /** Steps shown so far (the `#N` of the output). */
  shown: number;
}

interface StageScope {
  readonly stage: Stage;
  readonly args: Map<string, string | undefined>;
  cmdSet: boolean;
}

export async function buildStage(session: BuildSession, stage: Stage): Promise<ImageState> {
  const scope: StageScope = { stage, args: new Map(), cmdSet: false };
  const total = stage.steps.length + 1;
  const label = stage.name ?? `stage-${stage.index}`;
  const fromRef = expand(session, scope, stage.from, stage.from.args.split(/\s+/)[0]!, { globalOnly: true });
  announce(session, `[${label} 1/${total}] FROM ${fromRef}`);
  let state = await fromState(session, stage, fromRef);
  for (const [i, ins] of stage.steps.entries()) {
    if (ins.name === 'ARG') {
      declareArgs(session, scope, ins);
      continue;
    }
    const step = announce(session, `[${label} ${i + 2}/${total}] ${ins.text}`);
    state = await cachedStep(session, scope, state, ins, step);
  }
  return state;
}

function announce(session: BuildSession, text: string): number {
  session.shown += 1;
  session.out.write(`#${session.shown} ${text}\n`);
  return session.shown;
}

async function fromState(session: BuildSession, stage: Stage, ref: string): Promise<ImageState> {
  if (ref === 'scratch') return SCRATCH;
  const earlier = stageNamed(session.stages, ref, stage.index);
  if (earlier) return session.built.get(earlier.index)!;
  const images = session.engine.images;
  let manifest: string;
  try {
    manifest = images.resolve(ref);
  } catch {
    throw lineError(session, stage.from, BuildErrorCode.StageNotFound, `FROM ${ref}: no such image in the store and no earlier stage of that name (load it with flotilla image load)`);
  }
  return stateOfImage(JSON.parse(images.blobs.read(manifest).toString('utf8')) as { layers: [] }, images.config(manifest));
}

async function cachedStep(session: BuildSession, scope: StageScope, state: ImageState, ins: Instruction, step: number): Promise<ImageState> {
  const prepared = await prepare(session, scope, state, ins);
  const key = StepCache.key([stateDigest(state), ins.name, prepared.expanded, ...prepared.inputs]);
  const hit = session.noCache ? undefined : session.cache.get(key);
  if (ins.name === 'CMD') scope.cmdSet = true;
  if (hit) {
    session.out.write(`#${step} CACHED\n`);
    return hit;
  }
  const next = await prepared.run();
  session.cache.put(key, next);
  session.out.write(`#${step} DONE\n`);
  return next;
}

interface PreparedStep {
  /** The instruction's arguments after substitution (the text RUN runs as written). */
  readonly expanded: string;
  /** The rest of what the step reads, for its cache key. */
  readonly inputs: readonly string[];
  readonly run: () => Promise<ImageState>;
}

async function prepare(session: BuildSession, scope: StageScope, state: ImageState, ins: Instruction): Promise<PreparedStep> {
  if (ins.name === 'RUN') return prepareRun(session, scope, state, ins);
  if (ins.name === 'COPY' || ins.name === 'ADD') return prepareCopy(session, scope, state, ins);
  if (!isConfigStep(ins.name)) throw lineError(session, ins, BuildErrorCode.Syntax, `${ins.name} is not supported`);
  const substituted = ['CMD', 'ENTRYPOINT', 'SHELL', 'HEALTHCHECK', 'ONBUILD', 'MAINTAINER'].includes(ins.name) ? ins.args : expand(session, scope, ins, ins.args, { state });
  return {
    expanded: substituted,
    inputs: [],
    run: async () => {
      const config = applyConfigStep(state.config, ins, substituted, { file: session.dockerfile.file, cmdSetInStage: scope.cmdSet });
      const next: ImageState = { ...state, config, history: withHistory(state, `${ins.name} ${substituted}`, true) };
      return ins.name === 'WORKDIR' ? withWorkdir(session, next) : next;
    },
  };
}

function prepareRun(session: BuildSession, scope: StageScope, state: ImageState, ins: Instruction): PreparedStep {
  const args = execForm(ins.args) ?? commandOf(ins.args, state.config.Shell ?? DEFAULT_SHELL);
  // Build arguments reach the command as environment variables, never the image's config.
  const env = [...scope.args].filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${v}`);
  return {
    expanded: JSON.stringify(args),
    inputs: env,
    run: async () => {
      const image = commitState(session.engine.images.blobs, state).manifest;
      const result = await runStep(session.engine, { image, args, env, stdout: session.out, stderr: session.out });
      if (result.layer === undefined) {
        throw lineError(session, ins, BuildErrorCode.RunFailed, `process ${JSON.stringify(args.join(' '))} did not complete successfully: exit code ${result.exitCode}`);
      }
      return withLayer(state, result.layer, `RUN ${args.join(' ')}`);
    },
  };
}

async function prepareCopy(session: BuildSession, scope: StageScope, state: ImageState, ins: Instruction): Promise<PreparedStep> {
  const words = (execForm(ins.args) ?? splitArgs(ins.args)).map((w) => expand(session, scope, ins, w, { state }));
  if (words.length < 2) throw lineError(session, ins, BuildErrorCode.Syntax, `${ins.name} needs at least one source and a destination`);
  const rawDest = words.at(-1)!;
  const sources = words.slice(0, -1);
  if (sources.some((s) => /^[a-z]+:\/\//i.test(s))) throw lineError(session, ins, BuildErrorCode.Syntax, `${ins.name} from a URL is not supported: download the file into the build context`);
  const from = ins.flags['from'] === undefined ? undefined : expand(session, scope, ins, ins.flags['from'], { state });
  const dest = posix.resolve(state.config.WorkingDir ?? '/', rawDest);
  const chmod = ins.flags['chmod'];
  if (chmod !== undefined && !/^[0-7]{3,4}$/.test(chmod)) throw lineError(session, ins, BuildErrorCode.Syntax, `--chmod takes an octal mode such as 0755, got "${chmod}"`);
  const fromState = from === undefined ? undefined : await sourceStage(session, scope, ins, from);
  const entries = fromState ? [] : sources.map((s) => expandSource(session, ins, session.context, s));
  const inputs = fromState ? [stateDigest(fromState), ...sources] : [contentDigest(entries.flat(), false)];
  return {
    expanded: `${JSON.stringify(words)} ${JSON.stringify(ins.flags)}`,
    inputs,
    run: async () => {
      const images = session.engine.images;
      const view = new RootfsView(await images.layerDirs(commitState(images.blobs, state).manifest));
      const owner = ins.flags['chown'] === undefined ? undefined : ownerOf(session, ins, view, expand(session, scope, ins, ins.flags['chown'], { state }));
      const plan = { dest, destIsDir: rawDest.endsWith('/') || rawDest.endsWith('/.'), keepOwner: fromState !== undefined, extract: ins.name === 'ADD', view, ...(owner && { owner }), ...(chmod !== undefined && { mode: parseInt(chmod, 8) }) };
      const layer = fromState
        ? await withStageFiles(session, ins, fromState, sources, (tree, found) => copyLayer(images.blobs, { ...plan, tree, sources: found }))
        : await copyLayer(images.blobs, { ...plan, tree: session.context, sources: entries });
      return withLayer(state, layer, `${ins.name} ${words.join(' ')}`);
    },
  };
}

function expandSource(session: BuildSession, ins: Instruction, tree: SourceTree, source: string): TreeEntry[] {
  try {
    return tree.expand(source);
  } catch (err) {
    if (err instanceof MissingSource) throw lineError(session, ins, BuildErrorCode.SourceNotFound, `${ins.name}: ${err.message}`);
    throw err;
  }
}

/** The state COPY --from reads: an earlier stage, else an image of the store. */
async function sourceStage(session: BuildSession, scope: StageScope, ins: Instruction, ref: string): Promise<ImageState> {
  const stage = stageNamed(session.stages, ref, scope.stage.index);
  if (stage) return session.built.get(stage.index)!;
  return fromState(session, { ...scope.stage, from: ins }, ref);
}

/**
 * Copies the sources out of a stage's root (through a container made on it,
 * never started) into a scratch folder, and hands them over as a tree.
 */
async function withStageFiles(session: BuildSession, ins: Instruction, state: ImageState, sources: readonly string[], use: (tree: SourceTree, found: TreeEntry[][]) => Promise<WrittenLayer>): Promise<WrittenLayer> {
  const { engine } = session;
  const scratch = mkdtempSync(join(tmpdir(), 'flotilla-build-from-'));
  const record = await engine.create({ image: commitState(engine.images.blobs, state).manifest, entrypoint: [], cmd: ['true'], networkMode: 'none', labels: { 'io.flotilla.build': 'copy' } });
  try {
    const found: TreeEntry[][] = [];
    for (const [i, source] of sources.entries()) {
      const into = join(scratch, String(i));
      mkdirSync(into);
      await engine.copyFrom(record.id, posix.resolve('/', source), into).catch((err: unknown) => {
        throw lineError(session, ins, BuildErrorCode.SourceNotFound, `${ins.name} --from: "${source}" not found in the stage (${(err as Error).message})`);
      });
      const tree = new SourceTree(into);
      found.push(tree.expand(basename(posix.resolve('/', source)) || 'root').map((e) => ({ ...e, rel: `${i}/${e.rel}` })));
    }
    return await use(new SourceTree(scratch), found);
  } finally {
    await engine.remove(record.id, { force: true, volumes: true });
    rmSync(scratch, { recursive: true, force: true });
  }
}

function ownerOf(session: BuildSession, ins: Instruction, view: RootfsView, spec: string): { uid: number; gid: number } {
  const owner = resolveOwner(view, spec);
  if ('unknown' in owner) throw lineError(session, ins, BuildErrorCode.Syntax, `--chown=${spec}: no ${owner.unknown} in the stage's /etc/passwd or /etc/group`);
  return owner;
}

/** WORKDIR makes its folder when the stage has none there yet. */
async function withWorkdir(session: BuildSession, state: ImageState): Promise<ImageState> {
  const images = session.engine.images;
  const view = new RootfsView(await images.layerDirs(commitState(images.blobs, state).manifest));
  const dir = state.config.WorkingDir ?? '/';
  if (dir === '/' || view.lookup(dir.slice(1))?.stat.isDirectory()) return state;
  const layer = await copyLayer(images.blobs, { sources: [], tree: session.context, dest: dir, destIsDir: true, keepOwner: false, extract: false, view });
  return { ...state, layers: [...state.layers, layer.descriptor], diffIds: [...state.diffIds, layer.diffId], history: [...state.history.slice(0, -1), { ...state.history.at(-1)!, empty_layer: false }] };
}

function withLayer(state: ImageState, layer: WrittenLayer, createdBy: string): ImageState {
  return { ...state, layers: [...state.layers, layer.descriptor], diffIds: [...state.diffIds, layer.diffId], history: withHistory(state, createdBy, false) };
}

function declareArgs(session: BuildSession, scope: StageScope, ins: Instruction): void {
  for (const word of splitArgs(ins.args)) {
    const eq = word.indexOf('=');
    const name = eq < 0 ? word : word.slice(0, eq);
    const fallback = eq < 0 ? session.globalArgs.get(name) : expand(session, scope, ins, word.slice(eq + 1), {});
    scope.args.set(name, session.buildArgs[name] ?? fallback);
  }
}

/** Substitutes variables: the stage's ENV over its ARGs (in a FROM line, the global ARGs only); quotes are removed. */
function expand(session: BuildSession, scope: StageScope, ins: Instruction, text: string, where: { state?: ImageState; globalOnly?: boolean }): string {
  const env = new Map((where.state?.config.Env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)]));
  const lookup = (name: string) => (where.globalOnly ? session.globalArgs.get(name) : (env.get(name) ?? scope.args.get(name)));
  try {
    return substitute(text, lookup, session.dockerfile.escape);
  } catch (err) {
    if (err instanceof SubstitutionError) throw lineError(session, ins, BuildErrorCode.Syntax, err.message);
    throw err;
  }
}

/** Whitespace-separated words, quotes removed (`"a b"` is one word). */
function splitArgs(text: string): string[] {
  return [...text.matchAll(/"((?:[^"\\]|\\.)*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);
}

function lineError(session: BuildSession, ins: Instruction, code: BuildErrorCode, message: string): BuildError {
  return new BuildError(code, message, { pos: { file: session.dockerfile.file, line: ins.line, column: 1 } });
}
