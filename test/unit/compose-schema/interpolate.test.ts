import { describe, expect, it } from 'vitest';
import { interpolateTree, substitute } from '../../../compose-schema/interpolate.js';
import { SourceMap } from '../../../compose-schema/tree.js';

const env: Record<string, string> = { SET: 'value', EMPTY: '' };
const lookup = (name: string) => env[name];

describe('substitute', () => {
  it.each([
    ['$SET and ${SET}', 'value and value'],
    ['${UNSET:-d} ${EMPTY:-d} ${SET:-d}', 'd d value'],
    ['${UNSET-d} [${EMPTY-d}] ${SET-d}', 'd [] value'],
    ['[${UNSET:+a}] [${EMPTY:+a}] ${SET:+a}', '[] [] a'],
    ['[${UNSET+a}] ${EMPTY+a} ${SET+a}', '[] a a'],
    ['${UNSET:-${SET}-x}', 'value-x'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['$$SET costs $$5', '$SET costs $5'],
    ['50$ and $ 5 and $-', '50$ and $ 5 and $-'],
    ['${SET}}', 'value}'],
  ])('%s', (template, expected) => {
    expect(substitute(template, lookup)).toBe(expected);
  });

  it('reports each unset variable and uses an empty string', () => {
    const unset: string[] = [];
    expect(substitute('a${NOPE}b$NOPE2', lookup, (n) => unset.push(n))).toBe('ab');
    expect(unset).toEqual(['NOPE', 'NOPE2']);
  });

  it('does not evaluate a default it does not need', () => {
    expect(substitute('${SET:-${BROKEN:?boom}}', lookup)).toBe('value');
  });
});

describe('interpolateTree', () => {
  const sourceMap = new SourceMap('compose.yaml');
  sourceMap.set(['services', 'db', 'environment', 'PASSWORD'], 4, 7);
  sourceMap.set(['services', 'db', 'image'], 3, 5);

  it('interpolates values, not keys, and leaves the input alone', () => {
    const input = { services: { db: { image: 'pg:${SET}', labels: { '${SET}': '$SET' }, ports: ['${SET}'] } } };
    expect(interpolateTree(input, { lookup, sourceMap })).toEqual({ services: { db: { image: 'pg:value', labels: { '${SET}': 'value' }, ports: ['value'] } } });
    expect(input.services.db.image).toBe('pg:${SET}');
  });

  it('names the path, the variable and the position of a required variable', () => {
    const run = () => interpolateTree({ services: { db: { environment: { PASSWORD: '${PW:?set PW first}' } } } }, { lookup, sourceMap });
    expect(run).toThrow(
      expect.objectContaining({
        code: 'FLOTILLA_COMPOSE_INTERPOLATION',
        message: 'services.db.environment.PASSWORD: required variable PW is missing a value: set PW first',
        pos: { file: 'compose.yaml', line: 4, column: 7 },
      }),
    );
    expect(() => interpolateTree({ x: '${EMPTY?}' }, { lookup, sourceMap })).not.toThrow();
    expect(() => interpolateTree({ x: '${EMPTY:?}' }, { lookup, sourceMap })).toThrow('x: required variable EMPTY is missing a value');
  });

  it.each([
    ['pg:${SET', 'unclosed "${"'],
    ['${NOT VALID}', 'invalid expression "${NOT VALID}"'],
    ['${}', 'invalid variable name in "${}"'],
  ])('refuses the malformed %s', (value, reason) => {
    const run = () => interpolateTree({ services: { db: { image: value } } }, { lookup, sourceMap });
    expect(run).toThrow(
      expect.objectContaining({
        message: `invalid interpolation format for services.db.image: ${JSON.stringify(value)} (${reason}); you may need to escape any $ with another $`,
        pos: { file: 'compose.yaml', line: 3, column: 5 },
      }),
    );
  });
});
