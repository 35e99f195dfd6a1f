import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../../compose-schema/dotenv.js';

type Lookup = (name: string) => string | undefined;

const parse = (text: string, lookup?: Lookup) => [...parseDotenv(text, { file: '.env', ...(lookup && { lookup }) })];
const asObject = (text: string, lookup?: Lookup) => Object.fromEntries(parse(text, lookup));

describe('parseDotenv: lines and keys', () => {
  it('reads plain, exported, colon and empty entries in order, skipping blank and comment lines', () => {
    expect(parse('# comment\n\n  # indented comment\nA=1\nexport B=two\nC: three\nD=\n  E = spaced  \nexport\tF=tab\n')).toEqual([
      ['A', '1'],
      ['B', 'two'],
      ['C', 'three'],
      ['D', ''],
      ['E', 'spaced'],
      ['F', 'tab'],
    ]);
  });

  it('splits at the first = or :', () => {
    expect(asObject('URL=http://host:80/?a=b\nTIME: 12:30\n')).toEqual({ URL: 'http://host:80/?a=b', TIME: '12:30' });
  });

  it('takes the key characters compose takes: letters and digits of any script, _ . - [ ]', () => {
    expect(asObject('a.b-c_d=1\nARR[0]=2\n1ST=3\nÉTÉ=4\n')).toEqual({ 'a.b-c_d': '1', 'ARR[0]': '2', '1ST': '3', ÉTÉ: '4' });
  });

  it('reads a key named export', () => {
    expect(asObject('export=1\n')).toEqual({ export: '1' });
  });

  it('lets a later duplicate win and keeps the first position', () => {
    expect(parse('A=1\nB=2\nA=3\n')).toEqual([
      ['A', '3'],
      ['B', '2'],
    ]);
  });

  it('ignores a byte order mark and reads CRLF line ends', () => {
    expect(parse('\uFEFFA=1\r\nB=two words \r\n\r\nC=3')).toEqual([
      ['A', '1'],
      ['B', 'two words'],
      ['C', '3'],
    ]);
  });

  it('takes a bare key from the lookup, or leaves it out', () => {
    const lookup: Lookup = (n) => ({ HOME: '/root', EMPTY: '' })[n];
    expect(parse('HOME\nNOPE\nexport EMPTY\n', lookup)).toEqual([
      ['HOME', '/root'],
      ['EMPTY', ''],
    ]);
  });

  it('takes a bare key from an earlier line when the lookup lacks it', () => {
    expect(parse('A=1\nA\n')).toEqual([['A', '1']]);
  });
});

describe('parseDotenv: unquoted values', () => {
  it('cuts an inline comment only at a space followed by #', () => {
    expect(asObject('A=b # c\nB=b#c\nC=b\t# c\nD= #not a comment\nE=x  #  y # z\n')).toEqual({
      A: 'b',
      B: 'b#c',
      C: 'b\t# c',
      D: '#not a comment',
      E: 'x',
    });
  });

  it('keeps backslashes and inner quotes as written', () => {
    expect(asObject('A=a\\nb\nB=say "hi"\nC=it\'s\n')).toEqual({ A: 'a\\nb', B: 'say "hi"', C: "it's" });
  });

  it('expands ${} and $VAR, with $$ for a literal $', () => {
    const lookup: Lookup = (n) => ({ USER: 'ann' })[n];
    expect(asObject('A=$USER-${USER}\nB=${NOPE:-dflt}\nC=$$USER\nD=cost 5$\n', lookup)).toEqual({ A: 'ann-ann', B: 'dflt', C: '$USER', D: 'cost 5$' });
  });
});

describe('parseDotenv: quoted values', () => {
  it('keeps single quotes literal except for an escaped single quote', () => {
    expect(asObject("A='x ${B} $C \\n \\\\'\nB='it\\'s'\nC='a # b' # comment\n")).toEqual({ A: 'x ${B} $C \\n \\\\', B: "it's", C: 'a # b' });
  });

  it('reads the escapes of double quotes and keeps unknown ones', () => {
    expect(asObject('A="1\\n2\\r3\\t4\\\\5\\"6\\$7\\a\\b\\f\\v"\nB="\\x \\c \\u00e9"\n')).toEqual({
      A: '1\n2\r3\t4\\5"6$7\x07\b\f\v',
      B: '\\x \\c \\u00e9',
    });
  });

  it('reads \\0 and three octal digits as a character, like compose', () => {
    expect(asObject('A="\\0101\\0044X"\nB="\\012|\\0|\\0777"\n', (n) => (n === 'X' ? 'x' : undefined))).toEqual({ A: 'Ax', B: '\\12|\\|\\777' });
  });

  it('expands variables in double quotes but not an escaped $', () => {
    const lookup: Lookup = (n) => ({ HOME: '/root' })[n];
    expect(asObject('A="$HOME and \\$HOME and ${HOME}/x"\n', lookup)).toEqual({ A: '/root and $HOME and /root/x' });
  });

  it('reads quoted values over several lines and goes on after them', () => {
    expect(parse('A="one\ntwo"\nB=\'x\r\ny\'\r\nC=3\n')).toEqual([
      ['A', 'one\ntwo'],
      ['B', 'x\ny'],
      ['C', '3'],
    ]);
  });

  it('keeps blanks inside quotes and allows a comment after them', () => {
    expect(asObject('A="  padded  "  # why\nB=   "x"\nC=""\n')).toEqual({ A: '  padded  ', B: 'x', C: '' });
  });
});

describe('parseDotenv: expansion order', () => {
  it('looks in the lookup first, then at earlier lines of the file', () => {
    const lookup: Lookup = (name) => (name === 'SHELL_VAR' ? 'shell' : undefined);
    expect(asObject('A=a\nB=${A}-${SHELL_VAR}-${MISSING:-d}\nSHELL_VAR=file\nC=$SHELL_VAR\n', lookup)).toEqual({
      A: 'a',
      B: 'a-shell-d',
      SHELL_VAR: 'file',
      C: 'shell',
    });
  });

  it('does not see later lines and reports unset variables', () => {
    const unset: string[] = [];
    const vars = parseDotenv('A=[$LATER]\nLATER=x\n', { file: '.env', onUnset: (n) => unset.push(n) });
    expect([...vars]).toEqual([
      ['A', '[]'],
      ['LATER', 'x'],
    ]);
    expect(unset).toEqual(['LATER']);
  });
});

describe('parseDotenv: errors', () => {
  it.each([
    ['A=1\nBAD KEY=2\n', 'unexpected character " " in variable name "BAD KEY"', 2, 4],
    ['A=1\n  export A?B\n', 'unexpected character "?" in variable name "A?B"', 2, 11],
    ['A=1\nB$=2\n', 'unexpected character "$" in variable name "B$"', 2, 2],
    ['=value\n', 'missing variable name in "=value"', 1, 1],
    ['A=1\nB="open\nC=3\n', 'the double quote opening the value of B is never closed', 2, 3],
    ["\n\nLONG=  'open", 'the single quote opening the value of LONG is never closed', 3, 8],
    ["A='x'  trailing\n", 'unexpected text after the closing quote: "trailing"', 1, 8],
    ['A=${B\n', 'invalid interpolation format for A: "${B" (unclosed "${"); you may need to escape any $ with another $', 1, 3],
    ['A=1\nB= "${NOT VALID}"\n', 'invalid interpolation format for B: "${NOT VALID}" (invalid expression "${NOT VALID}"); you may need to escape any $ with another $', 2, 4],
    ['PW=${SECRET:?set it}\n', 'PW: required variable SECRET is missing a value: set it', 1, 4],
  ])('refuses %j', (text, message, line, column) => {
    expect(() => parse(text)).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_ENV_FILE', message, pos: { file: '.env', line, column } }),
    );
  });
});
