import { describe, expect, it } from 'vitest';
import { interpolateTree, MAX_TEMPLATE_DEPTH, substitute } from '../../../compose-schema/interpolate.js';
import { SourceMap, type TreeMap } from '../../../compose-schema/tree.js';

const env: Record<string, string> = { SET: 'value', EMPTY: '', DB_PASSWORD_HINT: 'see the wiki' };
const lookup = (name: string) => env[name];

describe('substitute', () => {
  it.each([
    ['no dollar at all', 'no dollar at all'],
    ['$SET and ${SET}', 'value and value'],
    ['$SET.x $SET-x ${SET}x', 'value.x value-x valuex'],
    ['$SETX', ''],
    ['${UNSET:-d} [${EMPTY:-d}] ${SET:-d}', 'd [d] value'],
    ['${UNSET-d} [${EMPTY-d}] ${SET-d}', 'd [] value'],
    ['[${UNSET:+a}] [${EMPTY:+a}] ${SET:+a}', '[] [] a'],
    ['[${UNSET+a}] ${EMPTY+a} ${SET+a}', '[] a a'],
    ['${EMPTY?} ${SET?x} ${SET:?x}', ' value value'],
    ['${UNSET:-}|${UNSET-}', '|'],
    ['${UNSET:-a b:c-d}', 'a b:c-d'],
    ['${UNSET:-${SET}-x}', 'value-x'],
    ['${UNSET:-$SET}', 'value'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['${SET:+[${SET}]}', '[value]'],
    ['${UNSET:-$${SET}}', '${SET}'],
    ['$$SET costs $$5 $$', '$SET costs $5 $'],
    ['50$ and $ 5 and $- and $1 and $', '50$ and $ 5 and $- and $1 and $'],
    ['${SET}}', 'value}'],
    ['${set}', ''],
  ])('expands %j', (template, expected) => {
    expect(substitute(template, lookup)).toBe(expected);
  });

  it('reports each unset variable without a default, each time, and uses an empty string', () => {
    const unset: string[] = [];
    const result = substitute('a${NOPE}b$NOPE2${NOPE}${D:-x}${D-x}${D:+x}${D+x}${EMPTY}', lookup, (n) => unset.push(n));
    expect(result).toBe('abxx');
    expect(unset).toEqual(['NOPE', 'NOPE2', 'NOPE']);
  });

  it('reports an unset variable used inside a default that is used', () => {
    const unset: string[] = [];
    expect(substitute('${A:-${B}}', lookup, (n) => unset.push(n))).toBe('');
    expect(unset).toEqual(['B']);
  });

  it('does not evaluate a default or an alternative it does not need', () => {
    expect(substitute('${SET:-${BROKEN:?boom}}${UNSET:+${BROKEN:?boom}}', lookup)).toBe('value');
  });

  it('expands the error text of a required variable', () => {
    expect(() => substitute('${PW:?$DB_PASSWORD_HINT}', lookup)).toThrow('required variable PW is missing a value: see the wiki');
  });
});

describe('interpolateTree', () => {
  const sourceMap = new SourceMap('compose.yaml');
  sourceMap.set(['services', 'db'], 2, 3);
  sourceMap.set(['services', 'db', 'image'], 3, 5);
  sourceMap.set(['services', 'db', 'environment', 'PASSWORD'], 4, 7);
  sourceMap.set(['services', 'db', 'command', 1], 6, 9);

  it('interpolates string values in maps and sequences, never keys, and leaves other scalars alone', () => {
    const input: TreeMap = {
      services: { db: { image: 'pg:${SET}', labels: { '${SET}': '$SET' }, ports: ['${SET}', 80], tty: true, x: null, n: 1.5 } },
    };
    expect(interpolateTree(input, { lookup, sourceMap })).toEqual({
      services: { db: { image: 'pg:value', labels: { '${SET}': 'value' }, ports: ['value', 80], tty: true, x: null, n: 1.5 } },
    });
  });

  it('builds a new tree without touching the input, even where subtrees are shared', () => {
    const shared: TreeMap = { TAG: '${SET}' };
    const input: TreeMap = { services: { a: { environment: shared }, b: { environment: shared } } };
    const out = interpolateTree(input, { lookup, sourceMap });
    expect(out).toEqual({ services: { a: { environment: { TAG: 'value' } }, b: { environment: { TAG: 'value' } } } });
    expect(shared).toEqual({ TAG: '${SET}' });
    expect(out['services']).not.toBe(input['services']);
  });

  it('calls onUnset for every use of an unset variable', () => {
    const unset: string[] = [];
    interpolateTree({ a: '$NOPE', b: ['${NOPE}', '${OTHER}'] }, { lookup, sourceMap, onUnset: (n) => unset.push(n) });
    expect(unset).toEqual(['NOPE', 'NOPE', 'OTHER']);
  });

  it('names the path, the variable and the position of a missing required variable', () => {
    const tree = { services: { db: { environment: { PASSWORD: '${DB_PASSWORD:?set DB_PASSWORD first}' } } } };
    expect(() => interpolateTree(tree, { lookup, sourceMap })).toThrow(
      expect.objectContaining({
        code: 'FLOTILLA_COMPOSE_INTERPOLATION',
        message: 'services.db.environment.PASSWORD: required variable DB_PASSWORD is missing a value: set DB_PASSWORD first',
        pos: { file: 'compose.yaml', line: 4, column: 7 },
      }),
    );
  });

  it('tells `?` (unset only) from `:?` (unset or empty)', () => {
    expect(interpolateTree({ x: '[${EMPTY?}]' }, { lookup, sourceMap })).toEqual({ x: '[]' });
    expect(() => interpolateTree({ x: '${EMPTY:?}' }, { lookup, sourceMap })).toThrow(
      expect.objectContaining({ message: 'x: required variable EMPTY is missing a value', pos: { file: 'compose.yaml', line: 1, column: 1 } }),
    );
    expect(() => interpolateTree({ x: '${UNSET?}' }, { lookup, sourceMap })).toThrow('x: required variable UNSET is missing a value');
  });

  it('points at a sequence item, or at the nearest ancestor the file recorded', () => {
    const run = (tree: TreeMap) => () => interpolateTree(tree, { lookup, sourceMap });
    expect(run({ services: { db: { command: ['echo', '${X:?}'] } } })).toThrow(
      expect.objectContaining({ message: 'services.db.command[1]: required variable X is missing a value', pos: { file: 'compose.yaml', line: 6, column: 9 } }),
    );
    expect(run({ services: { db: { labels: { a: '${X:?}' } } } })).toThrow(expect.objectContaining({ pos: { file: 'compose.yaml', line: 2, column: 3 } }));
  });

  it.each([
    ['pg:${SET', 'unclosed "${"'],
    ['${NOT VALID}', 'invalid expression "${NOT VALID}"'],
    ['${SET:}', 'invalid expression "${SET:}"'],
    ['${SET:x}', 'invalid expression "${SET:x}"'],
    ['${}', 'invalid variable name in "${}"'],
    ['${1A}', 'invalid variable name in "${1A}"'],
    ['${UNSET:-${}}', 'invalid variable name in "${}"'],
  ])('refuses the malformed %s', (value, reason) => {
    const run = () => interpolateTree({ services: { db: { image: value } } }, { lookup, sourceMap });
    expect(run).toThrow(
      expect.objectContaining({
        code: 'FLOTILLA_COMPOSE_INTERPOLATION',
        message: `invalid interpolation format for services.db.image: ${JSON.stringify(value)} (${reason}); you may need to escape any $ with another $`,
        pos: { file: 'compose.yaml', line: 3, column: 5 },
      }),
    );
  });

  const nested = (levels: number, innermost: string) => Array.from({ length: levels }, (_, i) => `\${V${i}:-`).join('') + innermost + '}'.repeat(levels);

  it(`expands defaults nested ${MAX_TEMPLATE_DEPTH} levels deep`, () => {
    expect(substitute(nested(MAX_TEMPLATE_DEPTH, 'deep'), lookup)).toBe('deep');
    expect(substitute(nested(MAX_TEMPLATE_DEPTH, '$SET'), lookup)).toBe('value');
  });

  it.each([MAX_TEMPLATE_DEPTH + 1, 3_000, 100_000])('refuses defaults nested %i levels deep, naming the field and its position', (levels) => {
    const tree = { services: { db: { environment: { PASSWORD: nested(levels, 'x') } } } };
    expect(() => interpolateTree(tree, { lookup, sourceMap })).toThrow(
      expect.objectContaining({
        code: 'FLOTILLA_COMPOSE_INTERPOLATION',
        message: `services.db.environment.PASSWORD: interpolation is nested too deeply (more than ${MAX_TEMPLATE_DEPTH} levels of "\${...}")`,
        pos: { file: 'compose.yaml', line: 4, column: 7 },
      }),
    );
  });

  it('quotes only the start of a long malformed value', () => {
    const value = `${'x'.repeat(1_000_000)}\${NOT VALID ${'y'.repeat(1_000_000)}}`;
    const run = () => interpolateTree({ services: { db: { image: value } } }, { lookup, sourceMap });
    expect(run).toThrow(expect.objectContaining({ message: `invalid interpolation format for services.db.image: "${'x'.repeat(200)}…" (invalid expression "\${NOT VALID ${'y'.repeat(190)}…}"); you may need to escape any $ with another $` }));
  });

  it('does not expand a deep default it does not need', () => {
    expect(interpolateTree({ x: `\${SET:-${nested(3_000, 'x')}}` }, { lookup, sourceMap })).toEqual({ x: 'value' });
  });

  it('interpolates every one of 200 services', () => {
    const services: TreeMap = {};
    for (let i = 0; i < 200; i++) {
      services[`svc${i}`] = {
        image: 'registry/app:${SET}',
        environment: { A: '1', B: '${SET:-x}', C: 'plain text value' },
        ports: ['80${EMPTY}:80'],
        labels: Object.fromEntries(Array.from({ length: 20 }, (_, j) => [`label${j}`, `v${j}`])),
      };
    }
    const tree: TreeMap = { services };
    // How fast is the loader benchmark's business (npm run bench), not a test's.
    const out = interpolateTree(tree, { lookup, sourceMap });
    expect((out['services'] as TreeMap)['svc0']).toMatchObject({ image: 'registry/app:value', ports: ['80:80'], environment: { B: 'value' } });
    expect((out['services'] as TreeMap)['svc199']).toMatchObject({ image: 'registry/app:value', ports: ['80:80'] });
  });
});
