import { describe, expect, it } from 'vitest';
import { substitute } from '../../../../engine/build/substitute.js';

const vars: Record<string, string> = { A: 'one', EMPTY: '' };
const lookup = (name: string) => vars[name];

describe('substitute', () => {
  it('expands $VAR and ${VAR}, unset ones to nothing', () => {
    expect(substitute('$A-${A}x-$NONE.', lookup)).toBe('one-onex-.');
  });

  it('applies the default and alternative operators', () => {
    expect(substitute('${NONE:-d} ${EMPTY:-d} ${EMPTY-d} ${A:+alt} ${EMPTY:+alt} ${EMPTY+alt} ${NONE:-$A}', lookup)).toBe('d d  alt  alt one');
  });

  it('keeps single-quoted text and escaped dollars as written', () => {
    expect(substitute(`'$A' "$A" \\$A`, lookup)).toBe(`'$A' "one" $A`);
    expect(substitute('`$A', lookup, '`')).toBe('$A');
  });

  it('stops on ${VAR:?message} and on a malformed reference', () => {
    expect(() => substitute('${NONE:?must be set}', lookup)).toThrow('NONE: must be set');
    expect(() => substitute('${A', lookup)).toThrow('missing }');
    expect(() => substitute('${1x}', lookup)).toThrow('bad substitution');
  });
});
