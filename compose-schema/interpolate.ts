// `${VAR}` interpolation the way docker compose does it, on the values (never
// the keys) of one file's tree, before merging and validation.
import { ComposeError, ComposeErrorCode } from '../errors.js';
import { formatPath, isMap, type Lookup, type SourceMap, type Tree, type TreeMap, type TreePath } from './tree.js';

/** A template problem, before it is tied to a file position. */
export class TemplateError extends Error {
  constructor(
    readonly kind: 'syntax' | 'required',
    message: string,
  ) {
    super(message);
  }
}

const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;

/** Expands `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR?e}`, `${VAR:+a}`, `${VAR+a}` and `$$`. */
export function substitute(template: string, lookup: Lookup, onUnset?: (name: string) => void): string {
  if (!template.includes('$')) return template;
  let out = '';
  let i = 0;
  while (i < template.length) {
    const dollar = template.indexOf('$', i);
    if (dollar < 0) return out + template.slice(i);
    out += template.slice(i, dollar);
    const next = template[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const end = findClosingBrace(template, dollar + 2);
      if (end < 0) throw new TemplateError('syntax', 'unclosed "${"');
      out += expandBraced(template.slice(dollar + 2, end), lookup, onUnset);
      i = end + 1;
    } else if (next !== undefined && NAME_START.test(next)) {
      let end = dollar + 2;
      while (end < template.length && NAME_CHAR.test(template[end]!)) end++;
      out += valueOf(template.slice(dollar + 1, end), lookup, onUnset);
      i = end;
    } else {
      // A lone `$` (`$ 5`, `50$`) is kept, as docker compose keeps it.
      out += '$';
      i = dollar + 1;
    }
  }
  return out;
}

/** The index of the `}` closing a `${` whose body starts at `from`, skipping nested `${...}` and `$$`; -1 if unclosed. */
export function findClosingBrace(text: string, from: number): number {
  let depth = 0;
  for (let i = from; i < text.length; i++) {
    const c = text[i];
    if (c === '$' && (text[i + 1] === '$' || text[i + 1] === '{')) {
      if (text[i + 1] === '{') depth++;
      i++;
    } else if (c === '}') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

function expandBraced(body: string, lookup: Lookup, onUnset?: (name: string) => void): string {
  const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(body)?.[0];
  if (!name) throw new TemplateError('syntax', `invalid variable name in "\${${body}}"`);
  const rest = body.slice(name.length);
  if (rest === '') return valueOf(name, lookup, onUnset);
  const op = /^:?[-?+]/.exec(rest)?.[0];
  if (!op) throw new TemplateError('syntax', `invalid expression "\${${body}}"`);
  const operand = rest.slice(op.length);
  const value = lookup(name);
  const absent = op.startsWith(':') ? value === undefined || value === '' : value === undefined;
  const sub = () => substitute(operand, lookup, onUnset);
  switch (op.at(-1)) {
    case '-':
      return absent ? sub() : value!;
    case '+':
      return absent ? '' : sub();
    default: {
      if (!absent) return value!;
      const reason = sub();
      throw new TemplateError('required', `required variable ${name} is missing a value${reason ? `: ${reason}` : ''}`);
    }
  }
}

function valueOf(name: string, lookup: Lookup, onUnset?: (name: string) => void): string {
  const value = lookup(name);
  if (value !== undefined) return value;
  onUnset?.(name);
  return '';
}

export interface InterpolateOptions {
  readonly lookup: Lookup;
  readonly sourceMap: SourceMap;
  readonly onUnset?: (name: string) => void;
}

/** A new tree with every string value interpolated; errors name the path and position. */
export function interpolateTree(tree: TreeMap, options: InterpolateOptions): TreeMap {
  return interpolateNode(tree, [], options) as TreeMap;
}

function interpolateNode(node: Tree, path: TreePath, options: InterpolateOptions): Tree {
  if (typeof node === 'string') return node.includes('$') ? interpolateString(node, path, options) : node;
  if (Array.isArray(node)) return node.map((item, i) => interpolateNode(item, [...path, i], options));
  if (!isMap(node)) return node;
  const out: TreeMap = {};
  for (const [key, value] of Object.entries(node)) out[key] = interpolateNode(value, [...path, key], options);
  return out;
}

function interpolateString(value: string, path: TreePath, options: InterpolateOptions): string {
  try {
    return substitute(value, options.lookup, options.onUnset);
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    const pos = options.sourceMap.lookup(path);
    const message =
      err.kind === 'required'
        ? `${formatPath(path)}: ${err.message}`
        : `invalid interpolation format for ${formatPath(path)}: ${JSON.stringify(value)} (${err.message}); you may need to escape any $ with another $`;
    throw new ComposeError(ComposeErrorCode.Interpolation, message, { pos });
  }
}
