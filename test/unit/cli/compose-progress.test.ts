// The text of each progress mode for the same events: the live block's
// frame (header, marks, reasons, timers, cut to the terminal), plain lines,
// json objects, and which mode `auto` picks from the two streams and --ansi.
import { describe, expect, it } from 'vitest';
import type { PlanNode, ProgressEvent } from '../../../index.js';
import { ProgressBoard } from '../../../cli/render/progress-board.js';
import { blockFrame } from '../../../cli/render/progress-block.js';
import { jsonEvents, plainLines, progressView, resolveMode, useColor } from '../../../cli/render/compose-progress.js';

const node = { id: 1, kind: 'StartContainer', resource: 'service:web:1', reason: '', dependsOn: [], target: { type: 'container', service: 'web', number: 1 } } as unknown as PlanNode;
const event = (resource: string, state: ProgressEvent['state'], done: boolean, detail?: string): ProgressEvent => ({ resource, state, done, node, ...(detail && { detail }) });

function sink() {
  const chunks: string[] = [];
  return { chunks, write: (text: string) => (chunks.push(text), true) };
}

describe('the live block', () => {
  const board = () => {
    const b = new ProgressBoard();
    b.expect(['Network shop_default', 'Container shop-db-1', 'Container shop-web-1']);
    b.apply(event('Network shop_default', 'Creating', false), 0);
    b.apply(event('Network shop_default', 'Created', true), 100);
    b.apply(event('Container shop-db-1', 'Recreate', false, 'config changed: environment.DEBUG'), 100);
    return b;
  };

  it('counts done over the plan\'s total and shows marks, reasons and timers', () => {
    const frame = blockFrame(board(), { verb: 'Running', now: 2_600, columns: 70, color: false, tick: 0 });
    expect(frame).toEqual([
      '[+] Running 1/3',
      ' ✔ Network shop_default Created                                   0.1s',
      ' ⠋ Container shop-db-1  Recreate config changed: environment.DEB… 2.5s',
    ]);
  });

  it('marks a warning with ! and an error with ✘, and stops their clocks', () => {
    const b = board();
    b.apply(event('Container shop-db-1', 'Error', true, 'port 80 in use'), 1_100);
    b.apply(event('Container shop-web-1', 'Warning', true, 'optional'), 1_100);
    const frame = blockFrame(b, { verb: 'Running', now: 9_000, columns: 46, color: false, tick: 3 });
    expect(frame).toEqual([
      '[+] Running 3/3',
      ' ✔ Network shop_default Created           0.1s',
      ' ✘ Container shop-db-1  Error   port 80 … 1.0s',
      ' ! Container shop-web-1 Warning optional  0.0s',
    ]);
  });

  it('never draws a line wider than the terminal', () => {
    const frame = blockFrame(board(), { verb: 'Running', now: 200, columns: 24, color: false, tick: 1 });
    for (const line of frame) expect(line.length).toBeLessThanOrEqual(24);
    expect(frame).toEqual(['[+] Running 1/3', ' ✔ Network shop_default…', ' ⠙ Container shop-db-1 …']);
  });

  it('colours the marks and dims the reason only when asked', () => {
    const [, done, working] = blockFrame(board(), { verb: 'Running', now: 200, columns: 70, color: true, tick: 0 });
    expect(done).toContain('\x1b[32m✔\x1b[0m');
    expect(working).toBe(' ⠋ Container shop-db-1  Recreate\x1b[2m config changed: environment.DEB…\x1b[0m 0.1s');
  });
});

describe('plain and json progress', () => {
  const events = [event('Container shop-web-1', 'Recreate', false, 'image changed'), event('Container shop-web-1', 'Recreated', true), event('Container shop-db-1', 'Error', true, 'Container shop-db-1: exited with code 1')];

  it('writes one plain line per change, with the plan\'s reason or the error', () => {
    const out = sink();
    const view = plainLines(out);
    for (const e of events) view.onEvent(e);
    view.onWarning('volume data differs from the file');
    expect(out.chunks.join('')).toBe(
      ' Container shop-web-1  Recreate  image changed\n Container shop-web-1  Recreated\n Container shop-db-1  Error  Container shop-db-1: exited with code 1\nWARN volume data differs from the file\n',
    );
  });

  it('writes one json object per event with id, status, text, details, current and total', () => {
    const out = sink();
    const view = jsonEvents(out);
    view.onPlan(['Container shop-web-1', 'Container shop-db-1']);
    for (const e of events) view.onEvent(e);
    expect(out.chunks.map((c) => JSON.parse(c))).toEqual([
      { id: 'Container shop-web-1', status: 'Working', text: 'Recreate', details: 'image changed', current: 0, total: 2 },
      { id: 'Container shop-web-1', status: 'Done', text: 'Recreated', current: 1, total: 2 },
      { id: 'Container shop-db-1', status: 'Error', text: 'Error', details: 'Container shop-db-1: exited with code 1', current: 2, total: 2 },
    ]);
  });

  it('writes nothing in quiet mode', () => {
    const out = sink();
    const view = progressView({ mode: 'quiet', ansi: 'auto', verb: 'Running', stream: out as unknown as NodeJS.WriteStream });
    for (const e of events) view.onEvent(e);
    view.onWarning('ignored');
    view.finish();
    expect(out.chunks).toEqual([]);
  });
});

describe('which mode auto means', () => {
  const auto = (stdout: boolean, stderr: boolean, ansi: 'auto' | 'never' | 'always' = 'auto') => resolveMode({ mode: 'auto', ansi, verb: 'Running', terminals: { stdout, stderr } });

  it('is the block only when stdout and stderr are both terminals', () => {
    expect(auto(true, true)).toBe('tty');
    expect(auto(false, true)).toBe('plain');
    expect(auto(true, false)).toBe('plain');
  });

  it('follows --ansi never and always', () => {
    expect(auto(true, true, 'never')).toBe('plain');
    expect(auto(false, false, 'always')).toBe('tty');
  });

  it('keeps an explicit mode', () => {
    expect(resolveMode({ mode: 'json', ansi: 'always', verb: 'x', terminals: { stdout: true, stderr: true } })).toBe('json');
  });

  it('drops colour for NO_COLOR unless --ansi always', () => {
    expect(useColor({ mode: 'tty', ansi: 'auto', verb: 'x', env: { NO_COLOR: '1' } })).toBe(false);
    expect(useColor({ mode: 'tty', ansi: 'always', verb: 'x', env: { NO_COLOR: '1' } })).toBe(true);
    expect(useColor({ mode: 'tty', ansi: 'auto', verb: 'x', env: {} })).toBe(true);
  });
});
