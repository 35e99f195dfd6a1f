// The terminal progress of layers: one line per layer, the block redrawn in
// place, so layers downloading side by side do not scroll the screen.
import { describe, expect, it } from 'vitest';
import { barLine, terminalProgress } from '../../../cli/render/progress.js';

const A = `sha256:${'a'.repeat(64)}`;
const B = `sha256:${'b'.repeat(64)}`;

describe('terminal progress', () => {
  it('keeps a line per item and redraws the block over itself', () => {
    const out: string[] = [];
    const sink = terminalProgress('Downloading', { write: (text: string) => (out.push(text), true) } as never);
    sink.update(A, 0, 100, false);
    sink.update(B, 50, 100, true);
    sink.update(A, 100, 100, true, 'Pull complete');
    sink.finish();
    const frames = out.join('');
    // The second and later frames move back over the lines already drawn.
    expect(out[0]).toBe(`\x1b[2K${barLine(A, 0, 100, 'Downloading')}\n`);
    expect(out[1]).toBe(`\x1b[1F\x1b[2K${barLine(A, 0, 100, 'Downloading')}\n\x1b[2K${barLine(B, 50, 100, 'Downloading')}\n`);
    expect(out.at(-1)).toBe(`\x1b[2F\x1b[2K${barLine(A, 100, 100, 'Pull complete')}\n\x1b[2K${barLine(B, 50, 100, 'Downloading')}\n`);
    expect(frames.match(/aaaaaaaaaaaa: /g)!.length).toBe(out.length);
  });

  it('draws a bar as full as the item is done', () => {
    expect(barLine(A, 50, 100, 'Downloading')).toBe(`aaaaaaaaaaaa: Downloading [${'='.repeat(19)}>${' '.repeat(20)}] 50B/100B`);
    expect(barLine(A, 100, 100, 'Done')).toMatch(/\[={40}\]/);
  });
});
