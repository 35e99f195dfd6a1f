// A Dockerfile's stages: the ARGs before the first FROM, then one stage per
// FROM (`FROM image [AS name]`). Only the target stage (the last unless
// --target names one) and the stages it reads from (FROM or COPY --from)
// are built, in file order. Pure.
import { BuildError, BuildErrorCode } from '../../errors.js';
import { syntaxError, type Dockerfile, type Instruction } from './dockerfile.js';

export interface Stage {
  readonly index: number;
  /** The `AS` name, lower-cased as docker compares it. */
  readonly name?: string;
  readonly from: Instruction;
  readonly steps: readonly Instruction[];
}

export interface StagePlan {
  /** ARG instructions before the first FROM: usable in FROM lines, and in a stage that declares them again. */
  readonly globalArgs: readonly Instruction[];
  readonly stages: readonly Stage[];
  /** Indexes of the stages to build, in order; the last is the target. */
  readonly needed: readonly number[];
}

export function planStages(dockerfile: Dockerfile, target?: string): StagePlan {
  const first = dockerfile.instructions.findIndex((ins) => ins.name === 'FROM');
  const before = dockerfile.instructions.slice(0, first);
  const stray = before.find((ins) => ins.name !== 'ARG');
  if (stray) throw syntaxError({ file: dockerfile.file, line: stray.line }, `${stray.name} before the first FROM: only ARG may come first`);
  const stages: Stage[] = [];
  for (const ins of dockerfile.instructions.slice(first)) {
    if (ins.name === 'FROM') {
      const match = /^(\S+)(?:\s+[Aa][Ss]\s+(\S+))?$/.exec(ins.args);
      if (!match) throw syntaxError({ file: dockerfile.file, line: ins.line }, 'FROM takes an image and an optional AS name');
      stages.push({ index: stages.length, ...(match[2] && { name: match[2].toLowerCase() }), from: ins, steps: [] });
    } else (stages.at(-1)!.steps as Instruction[]).push(ins);
  }
  const targetIndex = target === undefined ? stages.length - 1 : stages.findIndex((s) => s.name === target.toLowerCase());
  if (targetIndex < 0) throw new BuildError(BuildErrorCode.StageNotFound, `target stage "${target}" could not be found in ${dockerfile.file}`);
  return { globalArgs: before, stages, needed: neededStages(stages, targetIndex) };
}

/** The stage a FROM or --from value names (by AS name or number), if any, among those before `before`. */
export function stageNamed(stages: readonly Stage[], ref: string, before: number): Stage | undefined {
  const lower = ref.toLowerCase();
  const found = /^\d+$/.test(ref) ? stages[Number(ref)] : stages.find((s) => s.name === lower);
  return found && found.index < before ? found : undefined;
}

function neededStages(stages: readonly Stage[], target: number): number[] {
  const needed = new Set<number>();
  const visit = (index: number) => {
    if (needed.has(index)) return;
    needed.add(index);
    const stage = stages[index]!;
    // Before substitution: a reference built from an ARG is found when the stage runs.
    const refs = [stage.from.args.split(/\s+/)[0]!, ...stage.steps.filter((s) => s.flags['from'] !== undefined).map((s) => s.flags['from']!)];
    for (const ref of refs) {
      const dep = stageNamed(stages, ref, index);
      if (dep) visit(dep.index);
    }
  };
  visit(target);
  return [...needed].sort((a, b) => a - b);
}
