// Which variables a compose file uses and how (`config --variables`), read
// from the file before interpolation.
import { findClosingBrace, MAX_TEMPLATE_DEPTH } from './interpolate.js';
import { isMap, type Tree } from './tree.js';

export interface ComposeVariable {
  readonly name: string;
  /** `${NAME?msg}` / `${NAME:?msg}` */
  readonly required: boolean;
  /** `${NAME-x}` / `${NAME:-x}` */
  readonly defaultValue?: string;
  /** `${NAME+x}` / `${NAME:+x}` */
  readonly alternateValue?: string;
}

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;

/** Adds the variables used by every string value of `tree` to `into` (first use wins, `required` accumulates). */
export function collectVariables(tree: Tree, into: Map<string, ComposeVariable>): void {
  if (typeof tree === 'string') {
    if (tree.includes('$')) scanTemplate(tree, into, 1);
  } else if (Array.isArray(tree)) {
    tree.forEach((item) => collectVariables(item, into));
  } else if (isMap(tree)) {
    Object.values(tree).forEach((value) => collectVariables(value, into));
  }
}

// Nesting deeper than interpolation accepts is not followed: interpolation
// refuses that value with a message, and the walk stays off the stack's limit.
function scanTemplate(text: string, into: Map<string, ComposeVariable>, depth: number): void {
  if (depth > MAX_TEMPLATE_DEPTH) return;
  for (let i = text.indexOf('$'); i >= 0 && i < text.length; i = text.indexOf('$', i)) {
    const next = text[i + 1];
    if (next === '$') {
      i += 2;
    } else if (next === '{') {
      const end = findClosingBrace(text, i + 2);
      if (end < 0) return;
      addBraced(text.slice(i + 2, end), into, depth);
      i = end + 1;
    } else {
      const name = NAME.exec(text.slice(i + 1))?.[0];
      if (name) record(into, { name, required: false });
      i += 1 + (name?.length ?? 0);
    }
  }
}

function addBraced(body: string, into: Map<string, ComposeVariable>, depth: number): void {
  const name = NAME.exec(body)?.[0];
  if (!name) return;
  const rest = body.slice(name.length);
  const op = /^:?[-?+]/.exec(rest)?.[0] ?? '';
  const operand = rest.slice(op.length);
  const kind = op.at(-1);
  record(into, {
    name,
    required: kind === '?',
    ...(kind === '-' && { defaultValue: operand }),
    ...(kind === '+' && { alternateValue: operand }),
  });
  if (operand.includes('$')) scanTemplate(operand, into, depth + 1);
}

function record(into: Map<string, ComposeVariable>, variable: ComposeVariable): void {
  const seen = into.get(variable.name);
  if (!seen) into.set(variable.name, variable);
  else if (variable.required && !seen.required) into.set(variable.name, { ...seen, required: true });
}
