import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../../compose-schema/dotenv.js';

const parse = (text: string, lookup?: (n: string) => string | undefined) =>
  Object.fromEntries(parseDotenv(text, { file: '.env', ...(lookup && { lookup }) }));

describe('parseDotenv', () => {
  it('reads plain, exported, colon and empty entries, skipping comments', () => {
    expect(parse('# comment\n\nA=1\nexport B=two\nC: three\nD=\n  E = spaced  \n')).toEqual({ A: '1', B: 'two', C: 'three', D: '', E: 'spaced' });
  });

  it('cuts an inline comment only after whitespace', () => {
    expect(parse('A=b # c\nB=b#c\n')).toEqual({ A: 'b', B: 'b#c' });
  });

  it('keeps single quotes literal and reads escapes in double quotes', () => {
    expect(parse(`A='x \${B} \\n'\nB="tab\\there \\"q\\" \\$HOME \\\\"\n`)).toEqual({ A: 'x ${B} \\n', B: 'tab\there "q" $HOME \\' });
  });

  it('reads quoted values over several lines and CRLF files', () => {
    expect(parse('A="one\ntwo"\r\nB=\'x\r\ny\'\r\nC=3\r\n')).toEqual({ A: 'one\ntwo', B: 'x\ny', C: '3' });
  });

  it('expands against the lookup first, then earlier lines', () => {
    const lookup = (name: string) => (name === 'SHELL_VAR' ? 'shell' : undefined);
    expect(parse('A=a\nB=${A}-${SHELL_VAR}-${MISSING:-d}\nSHELL_VAR=file\nC=$SHELL_VAR', lookup)).toEqual({ A: 'a', B: 'a-shell-d', SHELL_VAR: 'file', C: 'shell' });
  });

  it('takes a bare key from the lookup, or leaves it out', () => {
    expect(parse('HOME\nNOPE\n', (n) => (n === 'HOME' ? '/root' : undefined))).toEqual({ HOME: '/root' });
  });

  it('lets a later duplicate win and ignores a byte order mark', () => {
    expect(parse('\uFEFFA=1\nA=2\n')).toEqual({ A: '2' });
  });

  it.each([
    ['A=1\nBAD KEY=2\n', 'unexpected character " " in variable name "BAD KEY"', 2],
    ['A=1\n1A=2\n', 'unexpected character "1" in variable name "1A"', 2],
    ['A=1\nB="open\nC=3\n', 'unterminated double-quoted value', 2],
    ["A='x' trailing\n", 'unexpected text after the closing quote: "trailing"', 1],
    ['A=${B\n', 'unclosed "${"', 1],
  ])('refuses %j', (text, message, line) => {
    expect(() => parse(text)).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_ENV_FILE', message, pos: expect.objectContaining({ file: '.env', line }) }));
  });
});
