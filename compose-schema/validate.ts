// Schema validation of one file's tree with the validator compiled at build
// time, reporting the single most specific problem in YAML words.
import type { ErrorObject } from 'ajv';
import { ComposeError, ComposeErrorCode } from '../errors.js';
import validateCompose from './generated/validate-compose.js';
import { formatPath, type SourceMap, type Tree, type TreeMap, type TreePath } from './tree.js';

/** Throws a ComposeError for the most specific schema violation in `tree`, if any. */
export function validateSchema(tree: TreeMap, sourceMap: SourceMap): void {
  if (validateCompose(tree)) return;
  const errors = validateCompose.errors ?? [];
  const chosen = mostSpecific(errors);
  if (!chosen) return;
  const path = toTreePath(chosen.instancePath, tree);
  const { message, at } = describe(chosen, path, errors, tree);
  throw new ComposeError(ComposeErrorCode.Schema, message, { pos: sourceMap.lookup(at) });
}

// Keywords that say the most about what is wrong, best first; a bare type
// mismatch inside a oneOf branch is the weakest evidence.
const KEYWORD_RANK = ['additionalProperties', 'required', 'enum', 'format', 'const', 'pattern', 'minimum', 'type', 'oneOf', 'anyOf'];

function mostSpecific(errors: readonly ErrorObject[]): ErrorObject | undefined {
  const depth = (e: ErrorObject) => e.instancePath.split('/').length + (e.keyword === 'additionalProperties' ? 1 : 0);
  const rank = (e: ErrorObject) => {
    const i = KEYWORD_RANK.indexOf(e.keyword);
    return i < 0 ? KEYWORD_RANK.length : i;
  };
  return [...errors].sort((a, b) => depth(b) - depth(a) || rank(a) - rank(b))[0];
}

function describe(error: ErrorObject, path: TreePath, all: readonly ErrorObject[], tree: TreeMap): { message: string; at: TreePath } {
  const where = path.length === 0 ? 'the top level' : formatPath(path);
  const value = valueAt(tree, path);
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(error.params['additionalProperty']);
      return { message: `${where}: unknown key ${JSON.stringify(key)}`, at: [...path, key] };
    }
    case 'required':
      return { message: `${where}: missing required key ${JSON.stringify(error.params['missingProperty'])}`, at: path };
    case 'enum': {
      const allowed = (error.params['allowedValues'] as unknown[]).map((v) => JSON.stringify(v)).join(', ');
      return { message: `${where} must be one of ${allowed}, got ${JSON.stringify(value)}`, at: path };
    }
    case 'format':
      return { message: `${where} must be a duration like "30s" or "1m30s", got ${JSON.stringify(value)}`, at: path };
    case 'type': {
      const expected = new Set<string>();
      for (const e of all) {
        if (e.keyword === 'type' && e.instancePath === error.instancePath) {
          for (const t of [e.params['type']].flat() as string[]) expected.add(typeWord(t));
        }
      }
      return { message: `${where} must be ${joinOr([...expected])}, got ${describeType(value)}`, at: path };
    }
    default:
      return { message: `${where} ${error.message ?? 'is invalid'}`, at: path };
  }
}

/** The YAML word for a value's kind: mapping, sequence, string, number, boolean, null. */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'a sequence';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

function typeWord(jsonType: string): string {
  switch (jsonType) {
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a sequence';
    case 'integer':
      return 'an integer';
    case 'null':
      return 'null';
    default:
      return `a ${jsonType}`;
  }
}

function joinOr(words: string[]): string {
  if (words.length <= 1) return words[0] ?? 'valid';
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1)}`;
}

// JSON pointer → tree path, with indexes as numbers where the tree has sequences.
function toTreePath(pointer: string, tree: TreeMap): TreePath {
  if (pointer === '') return [];
  const path: (string | number)[] = [];
  let node: Tree | undefined = tree;
  for (const raw of pointer.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const key: string | number = Array.isArray(node) ? Number(segment) : segment;
    path.push(key);
    node = node !== null && typeof node === 'object' ? (node as Record<string, Tree>)[key as string] : undefined;
  }
  return path;
}

function valueAt(tree: TreeMap, path: TreePath): Tree | undefined {
  let node: Tree | undefined = tree;
  for (const key of path) node = node !== null && typeof node === 'object' ? (node as Record<string, Tree>)[key as string] : undefined;
  return node;
}
