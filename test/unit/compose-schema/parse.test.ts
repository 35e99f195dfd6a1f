import { describe, expect, it } from 'vitest';
import { ComposeError } from '../../../errors.js';
import { parseComposeYaml } from '../../../compose-schema/parse.js';
import { pathKey } from '../../../compose-schema/tree.js';
import { MAX_DOUBLE_QUOTED_CHARS, MAX_NODES } from '../../../compose-schema/yaml-reader.js';

function parseError(text: string): ComposeError {
  try {
    parseComposeYaml(text, 'compose.yaml');
  } catch (err) {
    expect(err).toBeInstanceOf(ComposeError);
    return err as ComposeError;
  }
  throw new Error('expected a parse error');
}

describe('parseComposeYaml', () => {
  it('reads scalars the way go-yaml does (yes is a string, 0440 is octal)', () => {
    const { tree } = parseComposeYaml('services:\n  web:\n    image: x\n    mode: 0440\n    tty: yes\n    n: 12\n', 'c.yaml');
    expect(tree).toEqual({ services: { web: { image: 'x', mode: 0o440, tty: 'yes', n: 12 } } });
  });

  it('records the position of each key and sequence item', () => {
    const { sourceMap } = parseComposeYaml('services:\n  web:\n    ports:\n      - "80:80"\n      - 443\n', 'c.yaml');
    expect(sourceMap.get(['services', 'web', 'ports'])).toEqual({ file: 'c.yaml', line: 3, column: 5 });
    expect(sourceMap.get(['services', 'web', 'ports', 1])).toEqual({ file: 'c.yaml', line: 5, column: 9 });
    expect(sourceMap.lookup(['services', 'web', 'ports', 1, 'target'])).toEqual({ file: 'c.yaml', line: 5, column: 9 });
  });

  it('applies merge keys, with explicit keys winning', () => {
    const { tree } = parseComposeYaml('x-d: &d\n  image: a\n  tty: true\nservices:\n  web:\n    <<: *d\n    image: b\n', 'c.yaml');
    expect(tree['services']).toEqual({ web: { image: 'b', tty: true } });
  });

  it('keeps !reset and !override tags by path', () => {
    const { tags, tree } = parseComposeYaml('services:\n  web:\n    command: !reset []\n    ports: !override [1]\n', 'c.yaml');
    expect(tags.get(pathKey(['services', 'web', 'command']))).toBe('reset');
    expect(tags.get(pathKey(['services', 'web', 'ports']))).toBe('override');
    expect(tree).toEqual({ services: { web: { command: [], ports: [1] } } });
  });

  it('treats an empty file as an empty mapping', () => {
    expect(parseComposeYaml('', 'c.yaml').tree).toEqual({});
    expect(parseComposeYaml('# only a comment\n', 'c.yaml').tree).toEqual({});
  });

  it('applies several documents in order', () => {
    expect(parseComposeYaml('a: b\n---\na: c\nd: e\n', 'c.yaml').tree).toEqual({ a: 'c', d: 'e' });
  });

  it('refuses a __proto__ key, which would corrupt the plain objects later passes build', () => {
    const err = parseError('services:\n  __proto__:\n    polluted: 1\n');
    expect(err.message).toBe('the key "__proto__" is not allowed');
    expect(err.pos).toMatchObject({ line: 2, column: 3 });
  });

  it.each([
    ['a: 1\na: 2\n', 'duplicate key in mapping', 2, 1],
    ['a: [1\n', null, 2, 1],
    ['- 1\n', 'top level must be a mapping, got a sequence', 1, 1],
    ['just text\n', 'top level must be a mapping, got a string', 1, 1],
    ['a: *nope\n', null, 1, 4],
    ['a:\n  b: 1\n  ? [x]\n  : 2\n', 'mapping keys must be plain values, not mappings or sequences', 3, 5],
  ])('refuses %j', (text, message, line, column) => {
    const err = parseError(text);
    expect(err.code).toBe('FLOTILLA_COMPOSE_YAML');
    if (message) expect(err.message).toBe(message);
    expect(err.pos).toMatchObject({ file: 'compose.yaml', line, column });
  });

  it.each([
    ['services:\n  web:\n    image: a\n    environment: {A: 1, B: 2, A: 3}\n', 4, 31],
    ['x: {1: a, "1": b}\n', 1, 11],
    ['a:\n  <<: {b: 1}\n  <<: {c: 2}\n', 3, 3],
    ['x-a: &a {k: 1}\nx-b:\n  <<: *a\n  j: 2\n  j: 3\n', 5, 3],
  ])('reports the second of two equal keys, as the tree would hold them, at its position: %j', (text, line, column) => {
    const err = parseError(text);
    expect(err.message).toBe('duplicate key in mapping');
    expect(err.pos).toMatchObject({ file: 'compose.yaml', line, column });
  });

  it('checks the keys of a mapping of 100,000 entries for duplicates in one pass', { timeout: 60_000 }, () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => `  KEY_${i}: value ${i}`);
    const { tree, sourceMap } = parseComposeYaml(`env:\n${entries.join('\n')}\n`, 'c.yaml');
    const env = tree['env'] as Record<string, string>;
    expect(Object.keys(env)).toHaveLength(100_000);
    expect(env['KEY_99999']).toBe('value 99999');
    expect(sourceMap.get(['env', 'KEY_99999'])).toEqual({ file: 'c.yaml', line: 100_001, column: 3 });
    const err = parseError(`env:\n${entries.join('\n')}\n  KEY_0: again\n`);
    expect(err.message).toBe('duplicate key in mapping');
    expect(err.pos).toMatchObject({ line: 100_002, column: 3 });
  });

  it('applies 20,000 documents in order', { timeout: 60_000 }, () => {
    const docs = Array.from({ length: 20_000 }, (_, i) => `k${i}: ${i}\nlast: ${i}\n`);
    const { tree } = parseComposeYaml(docs.join('---\n'), 'c.yaml');
    expect(Object.keys(tree)).toHaveLength(20_001);
    expect(tree['last']).toBe(19_999);
  });

  it(`refuses a file of more than ${MAX_NODES} nodes, naming where the limit was passed`, { timeout: 60_000 }, () => {
    const err = parseError(`x: [${'1,'.repeat(MAX_NODES)}1]\n`);
    expect(err.message).toBe(`the file has more than ${MAX_NODES.toLocaleString('en-US')} YAML nodes (keys, values and collections)`);
    expect(err.pos).toMatchObject({ file: 'compose.yaml', line: 1 });
    expect(err.pos!.column).toBeGreaterThan(MAX_NODES);
  });

  it('refuses double-quoted text past its limit, which the parser unescapes a character at a time', () => {
    const long = 'x'.repeat(MAX_DOUBLE_QUOTED_CHARS / 4);
    const labels = (quote: string) => `labels:\n${[1, 2, 3, 4, 5].map((i) => `  l${i}: ${quote}${long}${quote}`).join('\n')}\n`;
    const err = parseError(labels('"'));
    expect(err.message).toBe('double-quoted strings add up to more than 4 MiB in the file: write long text as a block scalar (|)');
    expect(err.pos).toMatchObject({ file: 'compose.yaml', line: 5 });
    expect((parseComposeYaml(labels("'"), 'c.yaml').tree['labels'] as Record<string, string>)['l5']).toBe(long);
  });

  it.each([
    ['plain', '1'],
    ['quoted', '"1"'],
    ['single-quoted', "'1'"],
    ['aliased', '*a'],
    ['empty flow', '[]'],
  ])('counts %s values as nodes', (_kind, item) => {
    const err = parseError(`x: &a [${`${item},`.repeat(MAX_NODES)}1]\n`);
    expect(err.message).toMatch(/^the file has more than [\d,]+ YAML nodes/);
  });

  it('counts a scalar once whatever its text starts with', () => {
    const { tree } = parseComposeYaml('a: |\n  - [x\n  {y\nb: "*c"\n', 'c.yaml');
    expect(tree).toEqual({ a: '- [x\n{y\n', b: '*c' });
  });

  it('refuses binary data', () => {
    const err = parseError('abc\u0000\u0001\u0002');
    expect(err.message).toBe('file is binary, not YAML (it contains NUL bytes)');
  });

  it('refuses an alias bomb quickly', () => {
    const levels = ['a: &a [x,x,x,x,x,x,x,x,x,x]'];
    for (let i = 1; i < 9; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(10).fill(`*${prev}`).join(',')}]`);
    }
    const err = parseError(levels.join('\n'));
    expect(err.message).toMatch(/^too many alias expansions/);
    expect(err.pos?.line).toBeGreaterThan(4);
  });

  it('refuses deep nesting with a clear message', () => {
    for (const text of ['a: ' + '['.repeat(200) + ']'.repeat(200), '['.repeat(5000) + ']'.repeat(5000)]) {
      expect(parseError(text).message).toBe('nesting is too deep (more than 128 levels)');
    }
  });
});
