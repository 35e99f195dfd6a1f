// The host side of cp out of a container, fed the records a changing
// container could produce: nothing lands, or changes, outside the destination.
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CopyRecord } from '../../../../engine/container/copy-records.js';
import { writeHostEntry } from '../../../../engine/container/copy-to-host.js';

let scratch: string;
let outside: string;
let dest: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'flotilla-cp-out-'));
  outside = join(scratch, 'outside');
  mkdirSync(outside);
  writeFileSync(join(outside, 'file'), 'host\n');
  chmodSync(outside, 0o755);
  utimesSync(outside, 1_000_000, 1_000_000);
  dest = join(scratch, 'dest');
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const record = (fields: Partial<CopyRecord> & Pick<CopyRecord, 'type' | 'path'>): CopyRecord => ({
  mode: 0o644, uid: 0, gid: 0, mtime: 2_000_000, link: '', data: Buffer.alloc(0), ...fields,
});

function write(records: CopyRecord[]): void {
  for (const r of records) writeHostEntry(dest, r, { asRoot: false });
}

function outsideState(): string[] {
  const st = lstatSync(outside);
  return [st.mode.toString(8), String(st.mtimeMs), String(st.ctimeMs), ...readdirSync(outside).sort()];
}

describe('writeHostEntry', () => {
  it('writes files, folders and symlinks with their mode and time', () => {
    write([
      record({ type: 'd', path: '', mode: 0o750 }),
      record({ type: 'd', path: 'sub', mode: 0o2775 }),
      record({ type: 'f', path: 'sub/file', mode: 0o4755, data: Buffer.from('content') }),
      record({ type: 'l', path: 'sub/link', link: '/etc/passwd' }),
    ]);
    expect(readFileSync(join(dest, 'sub/file'), 'utf8')).toBe('content');
    expect([lstatSync(dest).mode, lstatSync(join(dest, 'sub')).mode, lstatSync(join(dest, 'sub/file')).mode].map((m) => m.toString(8))).toEqual(['40750', '42775', '104755']);
    expect(lstatSync(join(dest, 'sub/file')).mtimeMs).toBe(2_000_000_000);
    expect(readlinkSync(join(dest, 'sub/link'))).toBe('/etc/passwd');
  });

  it('refuses a path through a symlink an earlier record made', () => {
    const before = outsideState();
    expect(() => write([record({ type: 'd', path: '' }), record({ type: 'l', path: 'x', link: outside }), record({ type: 'f', path: 'x/evil', data: Buffer.from('x') })])).toThrow(
      `refusing copied path "x/evil": it goes through the symlink ${dest}/x`,
    );
    expect(outsideState()).toEqual(before);
  });

  it('replaces a symlink by the folder of the same name instead of changing what it points to', () => {
    const before = outsideState();
    write([record({ type: 'd', path: '' }), record({ type: 'l', path: 'x', link: outside }), record({ type: 'd', path: 'x', mode: 0o777, mtime: 5 })]);
    expect(outsideState()).toEqual(before);
    expect(lstatSync(join(dest, 'x')).isDirectory()).toBe(true);
  });

  it.each(['../evil', 'a/../../evil', '/evil'])('refuses the path %s', (path) => {
    expect(() => write([record({ type: 'd', path: '' }), record({ type: 'f', path })])).toThrow(`refusing copied path "${path}": it leaves the destination`);
    expect(readdirSync(scratch).sort()).toEqual(['dest', 'outside']);
  });
});
