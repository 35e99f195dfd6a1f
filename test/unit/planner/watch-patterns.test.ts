import { describe, expect, it } from 'vitest';
import { compilePatterns, parseIgnoreFile } from '../../../planner/watch.js';

describe('compilePatterns', () => {
  it('keeps * and ? within a segment and lets ** span folders', () => {
    const p = compilePatterns(['*.log', 'cache/**/*.bin', 'a?c']);
    expect(p.matches('debug.log')).toBe(true);
    expect(p.matches('sub/debug.log')).toBe(false);
    expect(p.matches('cache/x.bin')).toBe(true);
    expect(p.matches('cache/deep/er/x.bin')).toBe(true);
    expect(p.matches('abc')).toBe(true);
    expect(p.matches('abbc')).toBe(false);
  });

  it('matches everything under a folder that matches', () => {
    const p = compilePatterns(['node_modules', '/build/']);
    expect(p.matches('node_modules/left-pad/index.js')).toBe(true);
    expect(p.matches('build/out.js')).toBe(true);
    expect(p.matches('src/build.js')).toBe(false);
  });

  it('lets the last matching pattern decide, with ! taking a path back in', () => {
    const p = compilePatterns(['*.md', '!README.md', 'docs']);
    expect(p.matches('CHANGES.md')).toBe(true);
    expect(p.matches('README.md')).toBe(false);
    expect(compilePatterns(['!keep', '*']).matches('keep')).toBe(true);
  });

  it('reads character classes and escapes', () => {
    const p = compilePatterns(['file[0-9].txt', 'lit\\*eral']);
    expect(p.matches('file7.txt')).toBe(true);
    expect(p.matches('filex.txt')).toBe(false);
    expect(p.matches('lit*eral')).toBe(true);
    expect(p.matches('litXeral')).toBe(false);
  });
});

describe('parseIgnoreFile', () => {
  it('drops blank lines and comments', () => {
    expect(parseIgnoreFile('# deps\nnode_modules\n\n  *.log  \r\n')).toEqual(['node_modules', '*.log']);
  });
});
