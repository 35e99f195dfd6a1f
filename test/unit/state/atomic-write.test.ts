import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceFile, writeFileAtomic } from '../../../state/atomic-write.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flotilla-atomic-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

// Both replace a file whole: writeFileAtomic also syncs it to disk, for
// state that must survive a crash; replaceFile does not, for files that
// never outlive the running system.
describe.each([
  ['writeFileAtomic', writeFileAtomic],
  ['replaceFile', replaceFile],
])('%s', (_name, write) => {
  it('replaces a file whole with the mode asked for and leaves no temp file', () => {
    const path = join(dir, 'state.json');
    writeFileSync(path, 'old');
    write(path, '{"new":true}', 0o600);
    expect(readFileSync(path, 'utf8')).toBe('{"new":true}');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['state.json']);
  });

  it('keeps the old file when the folder is gone', () => {
    expect(() => write(join(dir, 'missing', 'state.json'), 'x')).toThrow(/ENOENT/);
    expect(readdirSync(dir)).toEqual([]);
  });
});
