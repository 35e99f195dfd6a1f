// `${VAR}` interpolation the way docker compose does it, on the values (never
// the keys) of one file's tree, before merging and validation.
import { ComposeError, ComposeErrorCode } from '../errors.js';
import { formatPath, isMap, type Lookup, type PathSegment, type SourceMap, type Tree, type TreeMap } from './tree.js';

/** A template problem, before it is tied to a file position; see templateErrorMessage(). */
export class TemplateError extends Error {
  constructor(
    /**
     * `syntax`: a malformed `${...}`; `required`: `${VAR?err}` / `${VAR:?err}`
     * with VAR missing; `depth`: expansions nested deeper than MAX_TEMPLATE_DEPTH.
     */
    readonly kind: 'syntax' | 'required' | 'depth',
    message: string,
  ) {
    super(message);
  }
}

/** The one wording of a template error, for a value found at `where` (a tree path or a variable). */
export function templateErrorMessage(err: TemplateError, where: string, template: string): string {
  if (err.kind !== 'syntax') return `${where}: ${err.message}`;
  return `invalid interpolation format for ${where}: ${JSON.stringify(shorten(template))} (${err.message}); you may need to escape any $ with another $`;
}

// A value can be megabytes long; a message quotes the start of it.
function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/**
 * How deeply `${A:-${B:-...}}` may nest. Real files nest two or three levels;
 * the bound keeps the recursion off the stack's limit, and the scanning for
 * closing braces (once per level around each character) linear in the value.
 */
export const MAX_TEMPLATE_DEPTH = 32;

const NAME = /^[A-Za-z_][A-Za-z0-9_]*/;
const OPERATOR = /^:?[-?+]/;

function isNameStart(c: string | undefined): boolean {
  return c !== undefined && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_');
}

function isNameChar(c: string | undefined): boolean {
  return isNameStart(c) || (c !== undefined && c >= '0' && c <= '9');
}

/** Expands `$VAR`, `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?e}`, `${VAR?e}`, `${VAR:+a}`, `${VAR+a}` and `$$`. */
export function substitute(template: string, lookup: Lookup, onUnset?: (name: string) => void): string {
  return expandTemplate(template, { lookup, onUnset }, 1);
}

interface Scope {
  readonly lookup: Lookup;
  readonly onUnset: ((name: string) => void) | undefined;
}

// `depth` counts the `${...}` being expanded around `template`, the outermost value being 1.
function expandTemplate(template: string, scope: Scope, depth: number): string {
  let out = '';
  let i = 0;
  for (let dollar = template.indexOf('$'); dollar >= 0; dollar = template.indexOf('$', i)) {
    out += template.slice(i, dollar);
    const next = template[dollar + 1];
    if (next === '$') {
      out += '$';
      i = dollar + 2;
    } else if (next === '{') {
      const end = findClosingBrace(template, dollar + 2);
      if (end < 0) throw new TemplateError('syntax', 'unclosed "${"');
      if (depth > MAX_TEMPLATE_DEPTH) throw new TemplateError('depth', `interpolation is nested too deeply (more than ${MAX_TEMPLATE_DEPTH} levels of "\${...}")`);
      out += expandBraced(template.slice(dollar + 2, end), scope, depth);
      i = end + 1;
    } else if (isNameStart(next)) {
      let end = dollar + 2;
      while (isNameChar(template[end])) end++;
      out += valueOf(template.slice(dollar + 1, end), scope);
      i = end;
    } else {
      // A lone `$` (`$ 5`, `50$`) is kept, as docker compose keeps it.
      out += '$';
      i = dollar + 1;
    }
  }
  return out + template.slice(i);
}

/** The index of the `}` closing a `${` whose body starts at `from`, skipping nested `${...}` and `$$`; -1 if unclosed. */
export function findClosingBrace(text: string, from: number): number {
  // The regular expression jumps over everything else natively: values can be megabytes long.
  const marks = /\$[${]|\}/g;
  marks.lastIndex = from;
  let depth = 0;
  for (let m = marks.exec(text); m !== null; m = marks.exec(text)) {
    if (m[0] === '${') depth++;
    else if (m[0] === '}') {
      if (depth === 0) return m.index;
      depth--;
    }
  }
  return -1;
}

// The operand (default, alternative or error text) is expanded only when it is used.
function expandBraced(body: string, scope: Scope, depth: number): string {
  const name = NAME.exec(body)?.[0];
  if (!name) throw new TemplateError('syntax', `invalid variable name in "\${${shorten(body)}}"`);
  const rest = body.slice(name.length);
  if (rest === '') return valueOf(name, scope);
  const op = OPERATOR.exec(rest)?.[0];
  if (!op) throw new TemplateError('syntax', `invalid expression "\${${shorten(body)}}"`);
  const operand = rest.slice(op.length);
  const value = scope.lookup(name);
  const absent = value === undefined || (op.startsWith(':') && value === '');
  const sub = () => expandTemplate(operand, scope, depth + 1);
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

function valueOf(name: string, scope: Scope): string {
  const value = scope.lookup(name);
  if (value !== undefined) return value;
  scope.onUnset?.(name);
  return '';
}

export interface InterpolateOptions {
  readonly lookup: Lookup;
  readonly sourceMap: SourceMap;
  /** Called each time an unset variable without a default expands to an empty string. */
  readonly onUnset?: (name: string) => void;
}

/** A new tree with every string value interpolated; errors name the path and position. */
export function interpolateTree(tree: TreeMap, options: InterpolateOptions): TreeMap {
  return interpolateNode(tree, [], options) as TreeMap;
}

// `path` is one stack pushed and popped on the way down: no array per node.
function interpolateNode(node: Tree, path: PathSegment[], options: InterpolateOptions): Tree {
  if (typeof node === 'string') return node.includes('$') ? interpolateString(node, path, options) : node;
  if (Array.isArray(node)) {
    const out: Tree[] = new Array<Tree>(node.length);
    for (let i = 0; i < node.length; i++) {
      path.push(i);
      out[i] = interpolateNode(node[i]!, path, options);
      path.pop();
    }
    return out;
  }
  if (!isMap(node)) return node;
  const out: TreeMap = {};
  for (const key of Object.keys(node)) {
    path.push(key);
    out[key] = interpolateNode(node[key]!, path, options);
    path.pop();
  }
  return out;
}

function interpolateString(value: string, path: readonly PathSegment[], options: InterpolateOptions): string {
  try {
    return substitute(value, options.lookup, options.onUnset);
  } catch (err) {
    if (!(err instanceof TemplateError)) throw err;
    const message = templateErrorMessage(err, formatPath(path), value);
    throw new ComposeError(ComposeErrorCode.Interpolation, message, { pos: options.sourceMap.lookup(path) });
  }
}
