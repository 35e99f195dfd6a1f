import { describe, expect, it } from 'vitest';
import { formatDuration, parseByteSize, parseDuration, splitShellWords } from '../../../compose-schema/units.js';

describe('durations', () => {
  it.each([
    ['0', 0],
    ['30s', 30e9],
    ['1m30s', 90e9],
    ['1.5h', 5400e9],
    ['300ms', 300e6],
    ['10us', 10e3],
    ['5µs', 5e3],
    ['2ns', 2],
    ['1h2m3.5s', 3723.5e9],
  ])('parses %s', (text, ns) => expect(parseDuration(text)).toBe(ns));

  it.each(['', '5', '5 seconds', '1d', 's', '1m30'])('refuses %j', (text) => expect(parseDuration(text)).toBeUndefined());

  it.each([
    [0, '0s'],
    [90e9, '1m30s'],
    [3600e9, '1h0m0s'],
    [500e6, '500ms'],
    [1.5e9, '1.5s'],
    [1500, '1.5µs'],
    [7, '7ns'],
    [3723.5e9, '1h2m3.5s'],
  ])('formats %d as Go does', (ns, text) => expect(formatDuration(ns)).toBe(text));
});

describe('byte sizes', () => {
  it.each([
    ['512m', 512 * 2 ** 20],
    ['1g', 2 ** 30],
    ['1gb', 2 ** 30],
    ['100K', 100 * 1024],
    ['1.5g', 1.5 * 2 ** 30],
    ['1024', 1024],
    [2048, 2048],
  ])('parses %j', (value, bytes) => expect(parseByteSize(value)).toBe(bytes));

  it.each(['12 parsecs', '-1', 'g', '1x', 1.5])('refuses %j', (value) => expect(parseByteSize(value)).toBeUndefined());
});

describe('splitShellWords', () => {
  it.each([
    ['echo hello  world', ['echo', 'hello', 'world']],
    [`nginx -g 'daemon off;'`, ['nginx', '-g', 'daemon off;']],
    ['sh -c "echo \\"hi\\" \\$HOME"', ['sh', '-c', 'echo "hi" $HOME']],
    ['a\\ b "" c', ['a b', '', 'c']],
  ])('splits %s', (line, words) => expect(splitShellWords(line)).toEqual(words));

  it('refuses unbalanced quotes', () => expect(splitShellWords(`echo 'oops`)).toBeUndefined());
});
