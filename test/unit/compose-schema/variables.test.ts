import { describe, expect, it } from 'vitest';
import { MAX_TEMPLATE_DEPTH } from '../../../compose-schema/interpolate.js';
import { collectVariables, type ComposeVariable } from '../../../compose-schema/variables.js';

function variables(tree: Parameters<typeof collectVariables>[0]): ComposeVariable[] {
  const into = new Map<string, ComposeVariable>();
  collectVariables(tree, into);
  return [...into.values()];
}

describe('collectVariables', () => {
  it('finds every form with its default, alternate and required flag', () => {
    expect(variables({ a: ['$PLAIN and ${BRACED}', '${D:-x}${E-y}', '${R:?need it}', '${ALT:+on}', 'cost: $$5 ${NEST:-${INNER:-z}}'] })).toEqual([
      { name: 'PLAIN', required: false },
      { name: 'BRACED', required: false },
      { name: 'D', required: false, defaultValue: 'x' },
      { name: 'E', required: false, defaultValue: 'y' },
      { name: 'R', required: true },
      { name: 'ALT', required: false, alternateValue: 'on' },
      { name: 'NEST', required: false, defaultValue: '${INNER:-z}' },
      { name: 'INNER', required: false, defaultValue: 'z' },
    ]);
  });

  it(`follows nested defaults as deep as interpolation does (${MAX_TEMPLATE_DEPTH} levels), and no deeper`, () => {
    const value = Array.from({ length: 3_000 }, (_, i) => `\${V${i}:-`).join('') + 'x' + '}'.repeat(3_000);
    const names = variables({ a: value }).map((v) => v.name);
    expect(names).toEqual(Array.from({ length: MAX_TEMPLATE_DEPTH }, (_, i) => `V${i}`));
  });

  it('marks a variable required if any use requires it, and ignores keys', () => {
    expect(variables({ '${KEY}': '$A', b: '${A?}' })).toEqual([{ name: 'A', required: true }]);
  });
});
