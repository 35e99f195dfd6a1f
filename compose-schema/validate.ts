// Schema validation of one file's tree with the validator compiled at build
// time (scripts/build-schema.mjs), reporting the single most specific
// problem in YAML words, at the file position it is about.
import type { ErrorObject } from 'ajv';
import { ComposeError, ComposeErrorCode, type SourcePos } from '../errors.js';
import validateCompose from './generated/validate-compose.js';
import { formatPath, type SourceMap, type Tree, type TreeMap, type TreePath } from './tree.js';

/** One schema violation in words: the message, the node it points at, an optional hint. */
interface Problem {
  readonly message: string;
  readonly at: TreePath;
  readonly depth: number;
  readonly rank: number;
  readonly hint?: string;
}

/** Throws a ComposeError (FLOTILLA_COMPOSE_SCHEMA) for the most specific schema violation in `tree`, if any. */
export function validateSchema(tree: TreeMap, sourceMap: SourceMap): void {
  if (validateCompose(tree)) return;
  const candidates = dropMismatchedBranches(validateCompose.errors ?? []);
  const problems = candidates.map((error) => explain(error, candidates, tree));
  const chosen = mostSpecific(problems, sourceMap);
  if (!chosen) throw new ComposeError(ComposeErrorCode.Schema, 'the file does not match the compose schema', { pos: sourceMap.lookup([]) });
  const hint = chosen.hint === undefined ? {} : { hint: chosen.hint };
  throw new ComposeError(ComposeErrorCode.Schema, chosen.message, { pos: sourceMap.lookup(chosen.at), ...hint });
}

/** The YAML word for a value's kind: 'mapping', 'sequence', 'string', 'number', 'boolean' or 'null'. */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'sequence';
  if (typeof value === 'object') return 'mapping';
  return typeof value;
}

// A oneOf branch whose type does not fit the value fails with a bare `type`
// error at the value itself and checks nothing deeper; when another branch
// fits and fails further in, that `type` error only says "wrong branch".
function dropMismatchedBranches(errors: readonly ErrorObject[]): ErrorObject[] {
  const real = errors.filter((e) => e.keyword !== 'oneOf' && e.keyword !== 'anyOf');
  const explainsMore = (other: ErrorObject, base: string) =>
    other.instancePath.startsWith(`${base}/`) || (other.instancePath === base && other.keyword !== 'type');
  return real.filter((e) => e.keyword !== 'type' || !real.some((other) => explainsMore(other, e.instancePath)));
}

// Keywords that say the most about what is wrong, best first.
const KEYWORD_RANK = ['additionalProperties', 'required', 'enum', 'format', 'pattern', 'minimum', 'maximum', 'uniqueItems', 'type'];

// Deepest first, as docker compose does; then the most telling keyword; then the first in the file.
function mostSpecific(problems: readonly Problem[], sourceMap: SourceMap): Problem | undefined {
  const order = (p: SourcePos) => p.line * 1e6 + p.column;
  const keyed = problems.map((p) => ({ p, pos: order(sourceMap.lookup(p.at)) }));
  keyed.sort((a, b) => b.p.depth - a.p.depth || a.p.rank - b.p.rank || a.pos - b.pos);
  return keyed[0]?.p;
}

function explain(error: ErrorObject, all: readonly ErrorObject[], tree: TreeMap): Problem {
  const path = toTreePath(error.instancePath, tree);
  const rank = KEYWORD_RANK.indexOf(error.keyword);
  const base = { at: path, depth: path.length, rank: rank < 0 ? KEYWORD_RANK.length : rank };
  const params = error.params as Record<string, unknown>;
  if (error.keyword === 'additionalProperties') {
    return { ...base, ...unknownKey(path, String(params['additionalProperty'])), depth: path.length + 1 };
  }
  if (error.keyword === 'uniqueItems') return { ...base, ...duplicate(path, valueAt(tree, path), params) };
  const where = path.length === 0 ? 'the top level' : formatPath(path);
  return { ...base, message: `${where} ${mustBe(error, params, valueAt(tree, path), all)}` };
}

// The "must be ..., got ..." part of a message about one value.
function mustBe(error: ErrorObject, params: Record<string, unknown>, value: Tree | undefined, all: readonly ErrorObject[]): string {
  const got = show(value);
  switch (error.keyword) {
    case 'required':
      return `is missing the required key ${JSON.stringify(params['missingProperty'])}`;
    case 'enum':
      return `must be ${joinOr((params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)))}, got ${got}`;
    case 'format':
      return `must be ${FORMAT_WORDS[String(params['format'])] ?? `in ${String(params['format'])} format`}, got ${got}`;
    case 'pattern':
      return `must be ${PATTERN_WORDS[String(params['pattern'])] ?? `a string matching /${String(params['pattern'])}/`}, got ${got}`;
    case 'minimum':
      return `must be at least ${String(params['limit'])}, got ${got}`;
    case 'maximum':
      return `must be at most ${String(params['limit'])}, got ${got}`;
    case 'type':
      return `must be ${joinOr(expectedTypes(error.instancePath, all))}, got ${withArticle(describeType(value))}`;
    default:
      return error.message ?? 'does not match the compose schema';
  }
}

// A repeated item of a sequence whose items must be unique; points at the later one.
function duplicate(path: TreePath, list: Tree | undefined, params: Record<string, unknown>): { message: string; at: TreePath; depth: number } {
  const [first, second] = [Number(params['i']), Number(params['j'])].sort((a, b) => a - b) as [number, number];
  const item = Array.isArray(list) ? list[second] : undefined;
  const shown = item !== undefined && isScalar(item) ? ` (${JSON.stringify(item)})` : '';
  const at = [...path, second];
  return { message: `${formatPath(at)} is a duplicate of ${formatPath([...path, first])}${shown}`, at, depth: at.length };
}

const FORMAT_WORDS: Record<string, string> = {
  duration: 'a duration like "30s" or "1m30s"',
};

// Descriptions of the schema's `pattern`s (which, like compose's, are not anchored).
const PATTERN_WORDS: Record<string, string> = {
  '[a-zA-Z0-9][a-zA-Z0-9_.-]+': 'a container name: a letter or digit, then letters, digits, "_", "." or "-"',
  'always|never|build|if_not_present|missing|refresh|daily|weekly|every_([0-9]+[wdhms])+':
    'one of "always", "never", "missing", "build", "if_not_present", "refresh", "daily", "weekly" or "every_<interval>"',
};

const NAME_HINT = 'names may contain only letters, digits, ".", "_" and "-"';
const ULIMIT_HINT = 'ulimit names are lowercase letters, like "nofile"';

// Mappings whose keys are names the user chose, and what a valid name looks like.
const NAME_MAPS: readonly { readonly shape: readonly string[]; readonly hint: string }[] = [
  ...['services', 'networks', 'volumes', 'secrets', 'configs', 'models'].map((section) => ({ shape: [section], hint: NAME_HINT })),
  ...['depends_on', 'networks', 'models'].map((key) => ({ shape: ['services', '*', key], hint: NAME_HINT })),
  { shape: ['services', '*', 'ulimits'], hint: ULIMIT_HINT },
  { shape: ['services', '*', 'build', 'ulimits'], hint: ULIMIT_HINT },
];

function unknownKey(path: TreePath, key: string): { message: string; at: TreePath; hint?: string } {
  const where = path.length === 0 ? 'the top level' : formatPath(path);
  const at = [...path, key];
  if (key === '') return { message: `${where}: empty key`, at };
  const named = NAME_MAPS.find(({ shape }) => shape.length === path.length && shape.every((s, i) => s === '*' || s === path[i]));
  if (named) return { message: `${where}: invalid name ${JSON.stringify(key)}`, at, hint: named.hint };
  return { message: `${where}: unknown key ${JSON.stringify(key)}`, at };
}

// All the types the schema would have taken at this place, over every oneOf branch.
function expectedTypes(instancePath: string, all: readonly ErrorObject[]): string[] {
  const types = new Set<string>();
  for (const e of all) {
    if (e.keyword !== 'type' || e.instancePath !== instancePath) continue;
    for (const t of String((e.params as { type: unknown }).type).split(',')) types.add(t);
  }
  if (types.has('number')) types.delete('integer');
  // The schema's order, which puts the main type first (`boolean`, then `string` for `\${VAR}`), null last.
  return [...types].sort((a, b) => Number(a === 'null') - Number(b === 'null')).map(typeWord);
}

function typeWord(jsonType: string): string {
  if (jsonType === 'object') return 'a mapping';
  if (jsonType === 'array') return 'a sequence';
  if (jsonType === 'integer') return 'an integer';
  return withArticle(jsonType);
}

function withArticle(word: string): string {
  return word === 'null' ? 'null' : `a ${word}`;
}

function isScalar(value: Tree | undefined): boolean {
  return value === null || typeof value !== 'object';
}

// Strings are quoted; mappings and sequences are named by kind, not dumped.
function show(value: Tree | undefined): string {
  return isScalar(value ?? null) ? JSON.stringify(value ?? null) : withArticle(describeType(value));
}

function joinOr(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? 'something else';
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

// ajv's JSON pointer → a tree path, with indexes as numbers inside sequences.
function toTreePath(pointer: string, tree: TreeMap): TreePath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node: Tree | undefined = tree;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key: string | number = Array.isArray(node) ? Number(segment) : segment;
    path.push(key);
    node = child(node, key);
  }
  return path;
}

function valueAt(tree: TreeMap, path: TreePath): Tree | undefined {
  let node: Tree | undefined = tree;
  for (const key of path) node = child(node, key);
  return node;
}

function child(node: Tree | undefined, key: string | number): Tree | undefined {
  if (node === null || typeof node !== 'object') return undefined;
  return Array.isArray(node) ? node[Number(key)] : node[String(key)];
}
