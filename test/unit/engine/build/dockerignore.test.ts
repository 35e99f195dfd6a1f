import { describe, expect, it } from 'vitest';
import { IgnoreRules } from '../../../../engine/build/dockerignore.js';
import { compilePattern } from '../../../../engine/build/path-pattern.js';

describe('.dockerignore', () => {
  const rules = IgnoreRules.parse('# comment\n*.log\n/build\n**/tmp\ndocs\n!docs/README.md\n\n');

  it('leaves out what a pattern matches, and what is under a matched folder', () => {
    expect(rules.ignores('app.log')).toBe(true);
    expect(rules.ignores('src/app.log')).toBe(false);
    expect(rules.ignores('build/out/x.js')).toBe(true);
    expect(rules.ignores('a/b/tmp/c')).toBe(true);
    expect(rules.ignores('tmp')).toBe(true);
    expect(rules.ignores('src/main.ts')).toBe(false);
  });

  it('lets the last matching pattern decide, so an exception brings a file back', () => {
    expect(rules.ignores('docs/guide.md')).toBe(true);
    expect(rules.ignores('docs/README.md')).toBe(false);
    expect(rules.hasExceptions()).toBe(true);
  });
});

describe('compilePattern', () => {
  it('reads *, ?, classes and escapes within one path part', () => {
    expect(compilePattern('a/*.txt').test('a/b.txt')).toBe(true);
    expect(compilePattern('a/*.txt').test('a/b/c.txt')).toBe(false);
    expect(compilePattern('file?.[ch]').test('file1.c')).toBe(true);
    expect(compilePattern('file?.[ch]').test('file1.o')).toBe(false);
    expect(compilePattern('\\*star').test('*star')).toBe(true);
    expect(compilePattern('\\*star').test('xstar')).toBe(false);
  });
});
