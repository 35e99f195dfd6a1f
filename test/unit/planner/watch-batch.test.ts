import { describe, expect, it } from 'vitest';
import { IDLE, nextBatch, type BatchEvent, type BatchState } from '../../../planner/watch.js';

// Feeds events in order and returns the final state with every effect seen.
function run(events: readonly BatchEvent[], from: BatchState = IDLE) {
  let state = from;
  const effects: unknown[] = [];
  for (const event of events) {
    const step = nextBatch(state, event);
    state = step.state;
    effects.push(...step.effects);
  }
  return { state, effects };
}

const changed = (...paths: string[]): BatchEvent => ({ kind: 'changed', paths });

describe('nextBatch', () => {
  it('debounces a burst into one apply of every path, each once and sorted', () => {
    const { state, effects } = run([changed('/p/b'), changed('/p/a'), changed('/p/b'), { kind: 'settled' }]);
    expect(effects).toEqual([{ kind: 'arm' }, { kind: 'arm' }, { kind: 'arm' }, { kind: 'apply', paths: ['/p/a', '/p/b'] }]);
    expect(state).toEqual({ phase: 'applying', pending: [] });
  });

  it('holds changes that arrive during an apply until it ends, then settles them into the next', () => {
    const applying: BatchState = { phase: 'applying', pending: [] };
    const during = run([changed('/p/c'), changed('/p/d')], applying);
    expect(during.effects).toEqual([]);
    const after = run([{ kind: 'applied' }, { kind: 'settled' }], during.state);
    expect(after.effects).toEqual([{ kind: 'arm' }, { kind: 'apply', paths: ['/p/c', '/p/d'] }]);
  });

  it('goes back to idle after an apply with nothing new', () => {
    expect(run([changed('/p/a'), { kind: 'settled' }, { kind: 'applied' }]).state).toEqual(IDLE);
  });

  it('ignores a quiet-period timer that fires when nothing is settling', () => {
    expect(nextBatch(IDLE, { kind: 'settled' })).toEqual({ state: IDLE, effects: [] });
    const applying: BatchState = { phase: 'applying', pending: ['/p/x'] };
    expect(nextBatch(applying, { kind: 'settled' })).toEqual({ state: applying, effects: [] });
  });
});
