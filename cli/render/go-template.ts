// The part of Go's text/template that docker's --format takes: fields
// ({{.State.Status}}, {{$.Name}}), pipelines, if/else/range/with, variables,
// and the functions docker adds (json, join, split, lower, upper, title,
// pad, truncate) beside Go's own (index, len, printf, print, println, eq,
// ne, lt, le, gt, ge, and, or, not). Values print as Go prints them.
import { UsageError } from '../../errors.js';

type Value = unknown;

interface Text { readonly kind: 'text'; readonly text: string }
interface Output { readonly kind: 'output'; readonly pipe: Pipeline }
interface Branch { readonly kind: 'if' | 'with' | 'range'; readonly pipe: Pipeline; readonly body: Node[]; readonly otherwise: Node[] }
type Node = Text | Output | Branch;

interface Pipeline { readonly decl: readonly string[]; readonly commands: readonly Command[] }
type Command = readonly Term[];
type Term =
  | { readonly kind: 'field'; readonly base: 'dot' | string; readonly path: readonly string[] }
  | { readonly kind: 'literal'; readonly value: Value }
  | { readonly kind: 'func'; readonly name: string }
  | { readonly kind: 'sub'; readonly pipe: Pipeline; readonly path: readonly string[] };

export type CompiledTemplate = (data: Value) => string;

/** Parses `source` once; the result renders it for any data. A template Go would refuse is a UsageError. */
export function compileTemplate(source: string): CompiledTemplate {
  const nodes = parse(source);
  return (data) => {
    const out: string[] = [];
    run(nodes, data, [['$', data]], out);
    return out.join('');
  };
}

// ---- parsing ---------------------------------------------------------------

function fail(why: string): never {
  throw new UsageError(`template parsing error: ${why}`);
}

/** The template as text and actions, `{{-` and `-}}` having trimmed the white space beside them. */
function split(source: string): { text?: string; action?: string }[] {
  const parts: { text?: string; action?: string }[] = [];
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('{{', at);
    if (open < 0) {
      parts.push({ text: source.slice(at) });
      break;
    }
    let text = source.slice(at, open);
    let start = open + 2;
    if (/^-\s/.test(source.slice(start, start + 2))) {
      text = text.replace(/\s+$/, '');
      start += 1;
    }
    const close = findClose(source, start);
    let end = close;
    let next = close + 2;
    if (/\s-$/.test(source.slice(close - 2, close))) {
      end = close - 1;
      const rest = source.slice(next);
      next += rest.length - rest.replace(/^\s+/, '').length;
    }
    if (text) parts.push({ text });
    parts.push({ action: source.slice(start, end).trim() });
    at = next;
  }
  return parts;
}

/** Where the action opened before `from` ends, skipping `}}` inside quotes. */
function findClose(source: string, from: number): number {
  let quote = '';
  for (let i = from; i < source.length; i++) {
    const c = source[i]!;
    if (quote) {
      if (c === '\\' && quote === '"') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === '`' || c === "'") {
      quote = c;
    } else if (c === '}' && source[i + 1] === '}') {
      return i;
    }
  }
  return fail('unclosed action');
}

function parse(source: string): Node[] {
  const parts = split(source);
  let at = 0;
  // Reads nodes until an action in `stops`; returns them and that action.
  const block = (stops: readonly string[]): { nodes: Node[]; stop?: string } => {
    const nodes: Node[] = [];
    while (at < parts.length) {
      const part = parts[at++]!;
      if (part.text !== undefined) {
        nodes.push({ kind: 'text', text: part.text });
        continue;
      }
      const action = part.action!;
      if (action.startsWith('/*')) continue;
      const word = /^(\w+)\b/.exec(action)?.[1] ?? '';
      if (word === 'end' || word === 'else') {
        if (!stops.includes(word)) fail(`unexpected {{${action}}}`);
        return { nodes, stop: action };
      }
      if (word === 'if' || word === 'with' || word === 'range') {
        nodes.push(branch(word, action.slice(word.length)));
        continue;
      }
      nodes.push({ kind: 'output', pipe: pipeline(action) });
    }
    if (stops.length > 0) fail('unexpected EOF: an {{end}} is missing');
    return { nodes };
  };
  const branch = (kind: 'if' | 'with' | 'range', rest: string): Branch => {
    const pipe = pipeline(rest);
    const body = block(['end', 'else']);
    let otherwise: Node[] = [];
    if (body.stop !== 'end') {
      const chained = /^else\s+(if|with)\b(.*)$/s.exec(body.stop ?? '');
      if (chained) otherwise = [branch(chained[1] as 'if' | 'with', chained[2]!)];
      else {
        if (body.stop !== 'else') fail(`unexpected {{${body.stop}}}`);
        const tail = block(['end']);
        otherwise = tail.nodes;
      }
    }
    return { kind, pipe, body: body.nodes, otherwise };
  };
  const nodes = block([]).nodes;
  return nodes;
}

/** `$a, $b := cmd | cmd arg`; a chained else-if re-enters here without its own end. */
function pipeline(text: string): Pipeline {
  const tokens = tokenize(text);
  let decl: string[] = [];
  const assign = tokens.findIndex((t) => t === ':=' || t === '=');
  if (assign >= 0) {
    decl = tokens.slice(0, assign).filter((t) => t !== ',');
    if (decl.length === 0 || decl.length > 2 || decl.some((v) => !/^\$\w+$/.test(v))) fail(`bad variable declaration in "${text.trim()}"`);
    tokens.splice(0, assign + 1);
  }
  if (tokens.length === 0) fail(`missing value in "${text.trim()}"`);
  const commands: Command[] = [];
  let current: Term[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token === '|') {
      if (current.length === 0) fail(`empty command in "${text.trim()}"`);
      commands.push(current);
      current = [];
    } else if (token === '(') {
      let depth = 1;
      let j = i + 1;
      for (; j < tokens.length && depth > 0; j++) depth += tokens[j] === '(' ? 1 : tokens[j] === ')' ? -1 : 0;
      if (depth !== 0) fail(`unclosed parenthesis in "${text.trim()}"`);
      const inner = pipeline(tokens.slice(i + 1, j - 1).join(' '));
      let path: string[] = [];
      if (tokens[j]?.startsWith('.')) path = tokens[j++]!.split('.').slice(1);
      current.push({ kind: 'sub', pipe: inner, path });
      i = j - 1;
    } else {
      current.push(term(token));
    }
  }
  if (current.length === 0) fail(`empty command in "${text.trim()}"`);
  commands.push(current);
  return { decl, commands };
}

function term(token: string): Term {
  if (token === '.') return { kind: 'field', base: 'dot', path: [] };
  if (token.startsWith('.')) return { kind: 'field', base: 'dot', path: token.slice(1).split('.') };
  if (token.startsWith('$')) {
    const [name, ...path] = token.split('.');
    return { kind: 'field', base: name!, path };
  }
  if (token.startsWith('"')) {
    if (!/^"(?:[^"\\]|\\.)*"$/.test(token)) fail(`unterminated quoted string ${token}`);
    try {
      return { kind: 'literal', value: JSON.parse(token) as string };
    } catch {
      return fail(`bad quoted string ${token}`);
    }
  }
  if (token.startsWith('`')) return { kind: 'literal', value: token.slice(1, -1) };
  if (token.startsWith("'")) return { kind: 'literal', value: token.slice(1, -1).codePointAt(0) };
  if (/^-?\d+(\.\d+)?$/.test(token)) return { kind: 'literal', value: Number(token) };
  if (token === 'true' || token === 'false') return { kind: 'literal', value: token === 'true' };
  if (token === 'nil') return { kind: 'literal', value: null };
  if (/^\w+$/.test(token)) {
    if (!(token in FUNCTIONS)) fail(`function "${token}" not defined`);
    return { kind: 'func', name: token };
  }
  return fail(`unexpected "${token}"`);
}

function tokenize(text: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s+|("(?:[^"\\]|\\.)*"|`[^`]*`|'(?:[^'\\]|\\.)*'|:=|[|(),=]|[^\s|(),=]+)/y;
  for (let at = 0; at < text.length; at = pattern.lastIndex) {
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) fail(`unexpected "${text.slice(at)}"`);
    if (match[1] !== undefined) tokens.push(match[1]);
  }
  return tokens;
}

// ---- running ---------------------------------------------------------------

type Scope = [string, Value][];

function run(nodes: readonly Node[], dot: Value, vars: Scope, out: string[]): void {
  for (const node of nodes) {
    if (node.kind === 'text') {
      out.push(node.text);
    } else if (node.kind === 'output') {
      const value = evaluate(node.pipe, dot, vars);
      if (node.pipe.decl.length === 0) out.push(show(value));
    } else if (node.kind === 'range') {
      const inner: Scope = [...vars];
      const items = entries(evaluate(node.pipe, dot, inner));
      if (items.length === 0) run(node.otherwise, dot, vars, out);
      for (const [key, item] of items) {
        const scope: Scope = [...vars];
        if (node.pipe.decl.length === 2) scope.push([node.pipe.decl[0]!, key], [node.pipe.decl[1]!, item]);
        else if (node.pipe.decl.length === 1) scope.push([node.pipe.decl[0]!, item]);
        run(node.body, item, scope, out);
      }
    } else {
      const scope: Scope = [...vars];
      const value = evaluate(node.pipe, dot, scope);
      if (truthy(value)) run(node.body, node.kind === 'with' ? value : dot, scope, out);
      else run(node.otherwise, dot, vars, out);
    }
  }
}

function evaluate(pipe: Pipeline, dot: Value, vars: Scope): Value {
  let value: Value;
  let piped = false;
  for (const command of pipe.commands) {
    const [head, ...rest] = command;
    if (head!.kind === 'func') {
      const args = rest.map((t) => operand(t, dot, vars));
      value = FUNCTIONS[head!.name]!(...(piped ? [...args, value] : args));
    } else {
      if (rest.length > 0 || piped) fail(`can't give argument to non-function ${describe(head!)}`);
      value = operand(head!, dot, vars);
    }
    piped = true;
  }
  if (pipe.decl.length === 1) vars.push([pipe.decl[0]!, value]);
  return value;
}

function operand(t: Term, dot: Value, vars: Scope): Value {
  switch (t.kind) {
    case 'literal':
      return t.value;
    case 'func':
      return FUNCTIONS[t.name]!();
    case 'sub':
      return walk(evaluate(t.pipe, dot, [...vars]), t.path);
    case 'field': {
      let base = dot;
      if (t.base !== 'dot') {
        const found = [...vars].reverse().find(([name]) => name === t.base);
        if (!found) fail(`undefined variable "${t.base}"`);
        base = found[1];
      }
      return walk(base, t.path);
    }
  }
}

function walk(value: Value, path: readonly string[]): Value {
  let current = value;
  for (const key of path) {
    if (current === null || current === undefined) return undefined;
    if (typeof current !== 'object' || Array.isArray(current)) throw new UsageError(`template: can't evaluate field ${key} in type ${goType(current)}`);
    current = (current as Record<string, Value>)[key];
  }
  return current;
}

function describe(t: Term): string {
  return t.kind === 'field' ? `${t.base === 'dot' ? '' : t.base}.${t.path.join('.')}` : t.kind === 'literal' ? JSON.stringify(t.value) : 'command';
}

function entries(value: Value): [Value, Value][] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.map((v, i) => [i, v]);
  if (typeof value === 'object') return Object.keys(value).sort().map((k) => [k, (value as Record<string, Value>)[k]]);
  if (typeof value === 'number') return Array.from({ length: value }, (_, i) => [i, i]);
  throw new UsageError(`template: range can't iterate over ${show(value)}`);
}

function truthy(value: Value): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object') return Object.keys(value).length > 0;
  return true;
}

function goType(value: Value): string {
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float64';
  if (typeof value === 'boolean') return 'bool';
  return Array.isArray(value) ? '[]interface {}' : 'interface {}';
}

/** A value as Go's fmt prints it with %v. */
export function show(value: Value): string {
  if (value === undefined) return '<no value>';
  if (value === null) return '<nil>';
  if (Array.isArray(value)) return `[${value.map(show).join(' ')}]`;
  if (typeof value === 'object') return `map[${Object.keys(value).sort().map((k) => `${k}:${show((value as Record<string, Value>)[k])}`).join(' ')}]`;
  return String(value);
}

function text(value: Value): string {
  return typeof value === 'string' ? value : show(value);
}

function compare(a: Value, b: Value, op: string): boolean {
  if (typeof a !== typeof b || (typeof a !== 'number' && typeof a !== 'string')) throw new UsageError(`template: ${op}: incompatible types for comparison`);
  return op === 'lt' ? a! < b! : op === 'le' ? a! <= b! : op === 'gt' ? a! > b! : a! >= b!;
}

/** fmt.Sprintf for %s %v %d %q %%, the verbs format strings use. */
function printf(format: Value, ...args: Value[]): string {
  let i = 0;
  return text(format).replace(/%([%svdq])/g, (_, verb: string) => {
    if (verb === '%') return '%';
    const arg = args[i++];
    if (arg === undefined && i > args.length) return `%!${verb}(MISSING)`;
    if (verb === 'q') return JSON.stringify(text(arg));
    if (verb === 'd') return typeof arg === 'number' ? String(Math.trunc(arg)) : `%!d(${goType(arg)}=${show(arg)})`;
    return text(arg);
  });
}

/** Go's fmt.Sprint: a space between operands when neither is a string. */
function sprint(args: Value[]): string {
  return args.map((a, i) => (i > 0 && typeof a !== 'string' && typeof args[i - 1] !== 'string' ? ' ' : '') + text(a)).join('');
}

const FUNCTIONS: Readonly<Record<string, (...args: Value[]) => Value>> = {
  json: (v) => JSON.stringify(v ?? null),
  join: (list, sep) => (Array.isArray(list) ? list.map(text).join(text(sep)) : text(list)),
  split: (s, sep) => text(s).split(text(sep)),
  lower: (s) => text(s).toLowerCase(),
  upper: (s) => text(s).toUpperCase(),
  title: (s) => text(s).replace(/(^|\s)(\S)/g, (_, space: string, c: string) => space + c.toUpperCase()),
  pad: (s, before, after) => ' '.repeat(Number(before)) + text(s) + ' '.repeat(Number(after)),
  truncate: (s, n) => [...text(s)].slice(0, Number(n)).join(''),
  index: (v, ...keys) => keys.reduce<Value>((acc, k) => (acc !== null && typeof acc === 'object' ? (acc as Record<string, Value>)[String(k)] : undefined), v),
  len: (v) => (typeof v === 'string' || Array.isArray(v) ? v.length : v && typeof v === 'object' ? Object.keys(v).length : 0),
  printf,
  print: (...args) => sprint(args),
  println: (...args) => `${args.map(text).join(' ')}\n`,
  eq: (a, ...bs) => bs.some((b) => a === b),
  ne: (a, b) => a !== b,
  lt: (a, b) => compare(a, b, 'lt'),
  le: (a, b) => compare(a, b, 'le'),
  gt: (a, b) => compare(a, b, 'gt'),
  ge: (a, b) => compare(a, b, 'ge'),
  and: (...args) => args.find((a) => !truthy(a)) ?? args.at(-1),
  or: (...args) => args.find((a) => truthy(a)) ?? args.at(-1),
  not: (a) => !truthy(a),
};
