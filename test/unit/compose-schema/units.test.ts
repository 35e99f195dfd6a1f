import { describe, expect, it } from 'vitest';
import { formatDuration, parseByteSize, parseDuration, splitShellWords } from '../../../compose-schema/units.js';

describe('parseDuration (Go syntax, plus days and weeks)', () => {
  it.each([
    ['0', 0],
    ['-0', 0],
    ['30s', 30e9],
    ['1m30s', 90e9],
    ['1.5h', 5400e9],
    ['300ms', 300e6],
    ['10us', 10e3],
    ['5µs', 5e3],
    ['5μs', 5e3],
    ['2ns', 2],
    ['1h2m3.5s', 3723.5e9],
    ['.5s', 0.5e9],
    ['1.s', 1e9],
    ['-1m', -60e9],
    ['+5s', 5e9],
    ['1d', 86400e9],
    ['1w2d', 9 * 86400e9],
    ['1.000000001s', 1e9 + 1],
  ])('reads %s', (text, ns) => expect(parseDuration(text)).toBe(ns));

  it.each(['', '-', '5', '5 seconds', 's', '1m30', '1x', '.s', '1.5.5s', ' 5s'])('refuses %j', (text) => expect(parseDuration(text)).toBeUndefined());
});

describe('formatDuration (Go time.Duration.String)', () => {
  it.each([
    [0, '0s'],
    [7, '7ns'],
    [1500, '1.5µs'],
    [500e6, '500ms'],
    [1_250_000, '1.25ms'],
    [1.5e9, '1.5s'],
    [1e9 + 1, '1.000000001s'],
    [60e9, '1m0s'],
    [90e9, '1m30s'],
    [3600e9, '1h0m0s'],
    [3723.5e9, '1h2m3.5s'],
    [86400e9, '24h0m0s'],
    [-90e9, '-1m30s'],
  ])('writes %d as %s', (ns, text) => expect(formatDuration(ns)).toBe(text));
});

describe('parseByteSize (docker RAMInBytes)', () => {
  it.each([
    ['512m', 512 * 2 ** 20],
    ['1g', 2 ** 30],
    ['1gb', 2 ** 30],
    ['1GiB', 2 ** 30],
    ['100 KiB', 100 * 1024],
    ['1.5g', 1.5 * 2 ** 30],
    ['0.5k', 512],
    ['1.9', 1],
    ['1024', 1024],
    ['-1', -1],
    [2048, 2048],
    [-1, -1],
  ])('reads %j', (value, bytes) => expect(parseByteSize(value)).toBe(bytes));

  it.each(['12 parsecs', '', 'g', '1x', '1.2.3g', '-1g', '1  g', 1.5])('refuses %j', (value) => expect(parseByteSize(value)).toBeUndefined());
});

describe('splitShellWords (as go-shellwords)', () => {
  it.each([
    ['echo hello  world', ['echo', 'hello', 'world']],
    [`nginx -g 'daemon off;'`, ['nginx', '-g', 'daemon off;']],
    ['sh -c "echo \\"hi\\" \\$HOME"', ['sh', '-c', 'echo "hi" $HOME']],
    ['a\\ b "" c', ['a b', '', 'c']],
    ['echo "a\\b"', ['echo', 'ab']],
    ["echo 'a\\b'", ['echo', 'a\\b']],
    ['echo $(date +%s) `id -u`', ['echo', '$(date +%s)', '`id -u`']],
    ['\tline\none\r\n', ['line', 'one']],
    ['', []],
  ])('splits %j', (line, words) => expect(splitShellWords(line)).toEqual({ words }));

  it.each([
    ['echo hi && echo bye', ['echo', 'hi'], '&& echo bye'],
    ['a;b', ['a'], ';b'],
    ['cmd 2>/dev/null', ['cmd'], '2>/dev/null'],
    ['cat < in | wc', ['cat'], '< in | wc'],
  ])('stops %j at the control character', (line, words, dropped) => expect(splitShellWords(line)).toEqual({ words, dropped }));

  it('splits a command line of megabytes as a whole', () => {
    const long = 'x'.repeat(20_000_000);
    expect(splitShellWords(`sh -c '${long}' "${long}"\\ z`)).toEqual({ words: ['sh', '-c', long, `${long} z`] });
  });

  it.each([`echo 'oops`, 'echo "oops', 'echo (x)', 'echo x)', 'trailing \\', 'echo `x'])('refuses %j', (line) => expect(splitShellWords(line)).toBeUndefined());
});
