// Container events are the differences between two reads of the state
// store: each transition a container can make, and the past a first read tells.
import { describe, expect, it } from 'vitest';
import { pastEvents, transitions, type ContainerSnapshot } from '../../../engine/container-events.js';

const base: ContainerSnapshot = {
  id: 'c1', name: 'shop-web-1', image: 'busybox', labels: {}, created: '2025-01-01T10:00:00.000Z',
  status: 'created', startedAt: '', finishedAt: '', exitCode: 0, stopping: false,
};
const now = '2025-01-01T12:00:00.000Z';
const actions = (before: ContainerSnapshot | undefined, after: ContainerSnapshot | undefined) => transitions(before, after, now).map((e) => `${e.action}@${e.time}${e.exitCode !== undefined ? ` ${e.exitCode}` : ''}`);

describe('container transitions', () => {
  const running = { ...base, status: 'running', startedAt: '2025-01-01T10:00:01.000Z' };

  it('reports a new container as create, with the store\'s time', () => {
    expect(actions(undefined, base)).toEqual(['create@2025-01-01T10:00:00.000Z']);
  });

  it('reports a start, a die with its exit code, and a stop when one was asked for', () => {
    expect(actions(base, running)).toEqual(['start@2025-01-01T10:00:01.000Z']);
    const exited = { ...running, status: 'exited', finishedAt: '2025-01-01T11:00:00.000Z', exitCode: 137 };
    expect(actions(running, exited)).toEqual(['die@2025-01-01T11:00:00.000Z 137']);
    expect(actions({ ...running, stopping: true }, { ...exited, stopping: true })).toEqual(['die@2025-01-01T11:00:00.000Z 137', 'stop@2025-01-01T11:00:00.000Z']);
  });

  it('sees a restart between two reads as the die before the new start', () => {
    const restarted = { ...running, startedAt: '2025-01-01T11:00:02.000Z', finishedAt: '2025-01-01T11:00:01.000Z', exitCode: 1 };
    expect(actions(running, restarted)).toEqual(['die@2025-01-01T11:00:01.000Z 1', 'start@2025-01-01T11:00:02.000Z']);
  });

  it('reports pause, unpause, rename, health and destroy at the time they were seen', () => {
    expect(actions(running, { ...running, status: 'paused' })).toEqual([`pause@${now}`]);
    expect(actions({ ...running, status: 'paused' }, running)).toEqual([`unpause@${now}`]);
    expect(actions(running, { ...running, name: 'shop-web-2' })).toEqual([`rename@${now}`]);
    expect(actions({ ...running, health: 'starting' }, { ...running, health: 'healthy' })).toEqual([`health_status: healthy@${now}`]);
    expect(actions(running, undefined)).toEqual([`destroy@${now}`]);
  });

  it('reports nothing when nothing changed', () => {
    expect(actions(running, { ...running })).toEqual([]);
  });
});

describe('the past a first read tells', () => {
  it('is create, start and the last exit of each container, in time order', () => {
    const a = { ...base, id: 'a', status: 'exited', startedAt: '2025-01-01T10:00:05.000Z', finishedAt: '2025-01-01T10:30:00.000Z', exitCode: 2 };
    const b = { ...base, id: 'b', created: '2025-01-01T10:00:03.000Z', status: 'running', startedAt: '2025-01-01T10:00:04.000Z' };
    expect(pastEvents([a, b], now).map((e) => `${e.id} ${e.action}`)).toEqual(['a create', 'b create', 'b start', 'a start', 'a die']);
  });
});
