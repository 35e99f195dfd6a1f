import { describe, expect, it } from 'vitest';
import { parseDockerfile } from '../../../../engine/build/dockerfile.js';
import { planStages } from '../../../../engine/build/stages.js';

describe('parseDockerfile', () => {
  it('joins continued lines, drops comments inside them, and keeps each instruction\'s first line', () => {
    const file = parseDockerfile('# comment\nFROM busybox\n\nRUN echo a \\\n# inside\n    && echo b\ncopy --chown=1:2 a /b\n', 'Dockerfile');
    expect(file.instructions.map((i) => [i.name, i.line, i.args, i.flags])).toEqual([
      ['FROM', 2, 'busybox', {}],
      ['RUN', 4, 'echo a     && echo b', {}],
      ['COPY', 7, 'a /b', { chown: '1:2' }],
    ]);
  });

  it('reads the escape directive at the top', () => {
    const file = parseDockerfile('# escape=`\nFROM busybox\nRUN echo a `\n  b\n', 'Dockerfile');
    expect(file.escape).toBe('`');
    expect(file.instructions[1]!.args).toBe('echo a   b');
  });

  it('refuses an unknown instruction, an unknown flag and a file without FROM, naming the line', () => {
    expect(() => parseDockerfile('FROM a\nFROBNICATE x\n', 'Dockerfile')).toThrow(expect.objectContaining({ code: 'FLOTILLA_BUILD_SYNTAX', message: 'unknown instruction: FROBNICATE', pos: { file: 'Dockerfile', line: 2, column: 1 } }));
    expect(() => parseDockerfile('FROM a\nRUN --mount=type=cache echo\n', 'Dockerfile')).toThrow(expect.objectContaining({ message: 'RUN does not support the flag --mount', pos: expect.objectContaining({ line: 2 }) }));
    expect(() => parseDockerfile('ARG A=1\n', 'Dockerfile')).toThrow('the Dockerfile has no FROM instruction');
  });
});

describe('planStages', () => {
  const text = 'ARG V=1\nFROM busybox AS deps\nRUN a\nFROM busybox AS unused\nRUN b\nFROM busybox AS app\nCOPY --from=deps /x /x\nFROM app AS test\n';

  it('builds only what the target reads from', () => {
    const plan = planStages(parseDockerfile(text, 'Dockerfile'));
    expect(plan.globalArgs.map((a) => a.args)).toEqual(['V=1']);
    expect(plan.needed).toEqual([0, 2, 3]);
    expect(planStages(parseDockerfile(text, 'Dockerfile'), 'DEPS').needed).toEqual([0]);
  });

  it('refuses an unknown target and instructions before the first FROM', () => {
    expect(() => planStages(parseDockerfile(text, 'Dockerfile'), 'nope')).toThrow(expect.objectContaining({ code: 'FLOTILLA_BUILD_STAGE_NOT_FOUND' }));
    expect(() => planStages(parseDockerfile('ENV A=1\nFROM x\n', 'Dockerfile'))).toThrow('ENV before the first FROM: only ARG may come first');
  });
});
