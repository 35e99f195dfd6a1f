// The executor's scheduling, against a recording engine whose actions end
// when the test says so: a node starts as soon as its own parents are done,
// the first failure stops what has not started, optional nodes only warn.
import { describe, expect, it } from 'vitest';
import { execute, ActionError } from '../../../planner/executor.js';
import type { ActionEngine } from '../../../planner/actions.js';
import type { PlanNode, Plan } from '../../../planner/plan.js';

interface Pending {
  readonly name: string;
  finish(err?: Error): void;
}

/** An engine whose every create/start stays pending until finished by the test. */
function recordingEngine() {
  const pending: Pending[] = [];
  const log: string[] = [];
  const hold = (name: string) =>
    new Promise<void>((resolve, reject) => {
      log.push(`begin ${name}`);
      pending.push({ name, finish: (err) => (log.push(`end ${name}`), err ? reject(err) : resolve()) });
    });
  let ids = 0;
  const engine = {
    create: async (config: { name?: string }) => {
      await hold(`create ${config.name}`);
      return { id: `id${++ids}` };
    },
    start: (id: string) => hold(`start ${id}`),
    imageId: () => 'sha256:x',
  } as unknown as ActionEngine;
  const finish = async (name: string, err?: Error) => {
    for (let i = 0; i < 50 && !pending.some((p) => p.name === name); i++) await new Promise((r) => setImmediate(r));
    const at = pending.findIndex((p) => p.name === name);
    if (at < 0) throw new Error(`${name} never began; log: ${log.join(', ')}`);
    pending.splice(at, 1)[0]!.finish(err);
    await new Promise((r) => setImmediate(r));
  };
  return { engine, log, finish, pending };
}

const create = (id: number, name: string, dependsOn: number[] = [], extra: Partial<PlanNode> = {}): PlanNode => ({
  id, kind: 'CreateContainer', resource: `service:${name}:1`, reason: '', dependsOn, target: { type: 'container', service: name, number: 1, config: { image: 'busybox', name } }, ...extra,
});
const start = (id: number, name: string, createdBy: number, dependsOn: number[]): PlanNode => ({
  id, kind: 'StartContainer', resource: `service:${name}:1`, reason: '', dependsOn, target: { type: 'container', service: name, number: 1, container: { createdBy, name } },
});

describe('execute', () => {
  it('starts a node as soon as its own parents are done, not when its level is', async () => {
    const { engine, log, finish } = recordingEngine();
    const plan: Plan = { project: 'p', warnings: [], nodes: [create(1, 'a'), create(2, 'b'), start(3, 'a', 1, [1]), start(4, 'b', 2, [2])] };
    const done = execute(plan, engine);
    await finish('create a');
    // b's create is still running, yet a's start has begun.
    expect(log).toEqual(['begin create a', 'begin create b', 'end create a', 'begin start id1']);
    await finish('start id1');
    await finish('create b');
    await finish('start id2');
    const result = await done;
    expect([...result.created]).toEqual([['service:a:1', 'id1'], ['service:b:1', 'id2']]);
  });

  it('runs at most `parallel` actions at once', async () => {
    const { engine, log, finish } = recordingEngine();
    const plan: Plan = { project: 'p', warnings: [], nodes: [create(1, 'a'), create(2, 'b'), create(3, 'c')] };
    const done = execute(plan, engine, { parallel: 2 });
    await finish('create a');
    expect(log).toEqual(['begin create a', 'begin create b', 'end create a', 'begin create c']);
    await finish('create b');
    await finish('create c');
    await done;
  });

  it('stops at the first failure, naming the resource, and starts nothing after it', async () => {
    const { engine, log, finish } = recordingEngine();
    const events: string[] = [];
    const plan: Plan = { project: 'p', warnings: [], nodes: [create(1, 'a'), create(2, 'b'), start(3, 'a', 1, [1]), start(4, 'b', 2, [2])] };
    const done = execute(plan, engine, { onEvent: (e) => events.push(`${e.resource} ${e.state}`) });
    const failed = expect(done).rejects.toThrow(ActionError);
    await finish('create a', new Error('no space left'));
    await finish('create b');
    await failed;
    await expect(done).rejects.toThrow('Container a: no space left');
    expect(log).not.toContain('begin start id2');
    expect(events).toEqual(['Container a Creating', 'Container b Creating', 'Container a Error', 'Container b Created']);
  });

  it('goes on past an optional node that fails, with a warning', async () => {
    const { engine, finish } = recordingEngine();
    const plan: Plan = { project: 'p', warnings: [], nodes: [create(1, 'a', [], { optional: true }), create(2, 'b', [1])] };
    const done = execute(plan, engine);
    await finish('create a', new Error('gone'));
    await finish('create b');
    expect((await done).warnings).toEqual(['Container a: gone']);
  });
});
