// YAML text → the loader's tree, with a position for every node and the
// merge tags (!reset, !override) kept aside. Hostile input (alias bombs, deep
// nesting, binary data) is refused here, before any later pass sees it.
import { Alias, isAlias, isMap, isScalar, isSeq, LineCounter, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { SourcePos } from '../errors.js';
import { SourceMap, pathKey, type MergeTag, type ParsedFile, type Tree, type TreeMap, type TreePath } from './tree.js';
import { MAX_DEPTH, MAX_NODES, posAt, readYamlDocuments, yamlError } from './yaml-reader.js';

/**
 * Nodes that aliases may add on top of the document's own (billion-laughs
 * guard): generous for real files, tiny next to what a bomb expands to. Every
 * later pass works on the expanded tree, so the budget grows with the file
 * only up to the cap on the file's own nodes.
 */
const BASE_ALIAS_BUDGET = 100_000;

interface Walk {
  readonly file: string;
  readonly lines: LineCounter;
  readonly sourceMap: SourceMap;
  readonly tags: Map<string, MergeTag>;
  /** Converted anchored nodes by anchor name; a later anchor of the same name replaces an earlier one. */
  readonly anchors: Map<string, { value: Tree; size: number }>;
  aliasBudget: number;
}

/** Parses one compose file's text. `file` is used in positions and messages only. */
export function parseComposeYaml(text: string, file: string): ParsedFile {
  const lines = new LineCounter();
  const docs = readYamlDocuments(text, file, lines);
  const walk: Walk = {
    file,
    lines,
    sourceMap: new SourceMap(file),
    tags: new Map(),
    anchors: new Map(),
    aliasBudget: 0,
  };
  const tree: TreeMap = {};
  for (const doc of docs) {
    walk.anchors.clear();
    walk.aliasBudget = BASE_ALIAS_BUDGET + Math.min(text.length, MAX_NODES);
    const value = doc.contents === null ? null : convert(walk, doc.contents, [], 0).value;
    if (value === null) continue;
    if (typeof value !== 'object' || Array.isArray(value)) {
      throw yamlError(`top level must be a mapping, got ${kindOf(value)}`, position(walk, doc.contents));
    }
    // Several documents in one file apply in order, later keys replacing
    // earlier. Assigned in place: a copy per document is quadratic in documents.
    Object.assign(tree, value);
  }
  return { file, tree, sourceMap: walk.sourceMap, tags: walk.tags };
}

function convert(walk: Walk, node: YamlNode, path: TreePath, depth: number): { value: Tree; size: number } {
  if (depth > MAX_DEPTH) throw yamlError(`nesting is too deep (more than ${MAX_DEPTH} levels)`, position(walk, node));
  recordTag(walk, node, path);
  if (isAlias(node)) return convertAlias(walk, node, path);
  let result: { value: Tree; size: number };
  if (isMap(node)) result = convertMap(walk, node as YAMLMap<YamlNode, YamlNode>, path, depth);
  else if (isSeq(node)) result = convertSeq(walk, node.items as YamlNode[], path, depth);
  else if (isScalar(node)) result = { value: scalarValue(node.value), size: 1 };
  else throw yamlError('unsupported YAML node', position(walk, node));
  if (node.anchor) walk.anchors.set(node.anchor, result);
  return result;
}

// An alias reuses the anchor's converted value (trees are never mutated), so
// memory stays bounded; its expanded size is charged to the alias budget.
// (Looked up by name: the YAML library's own resolve walks the whole document per alias.)
function convertAlias(walk: Walk, node: Alias, path: TreePath): { value: Tree; size: number } {
  const done = walk.anchors.get(node.source);
  if (!done) throw yamlError(`unknown alias *${node.source}`, position(walk, node));
  walk.aliasBudget -= done.size;
  if (walk.aliasBudget < 0) {
    throw yamlError('too many alias expansions: the file expands to an excessive size (an alias bomb?)', position(walk, node));
  }
  const pos = position(walk, node);
  if (!walk.sourceMap.has(path) && path.length > 0) walk.sourceMap.set(path, pos.line, pos.column);
  return done;
}

function convertMap(walk: Walk, node: YAMLMap<YamlNode, YamlNode>, path: TreePath, depth: number): { value: Tree; size: number } {
  const out: TreeMap = {};
  let size = 1;
  const merges: Pair<YamlNode, YamlNode>[] = [];
  const seen = new Set<string>();
  for (const pair of node.items) {
    const key = keyOf(walk, pair.key);
    // Keys are compared as the strings they become in the tree: `1` and `"1"`
    // would otherwise collide there silently (go-yaml refuses them too).
    if (seen.has(key)) throw yamlError('duplicate key in mapping', position(walk, pair.key ?? pair.value));
    seen.add(key);
    if (key === '<<' && !isQuoted(pair.key)) {
      merges.push(pair);
      continue;
    }
    const childPath = [...path, key];
    const pos = position(walk, pair.key ?? pair.value);
    // Every later pass builds plain objects; this one key would set their prototype.
    if (key === '__proto__') throw yamlError('the key "__proto__" is not allowed', pos);
    walk.sourceMap.set(childPath, pos.line, pos.column);
    const child = pair.value === null ? { value: null, size: 1 } : convert(walk, pair.value, childPath, depth + 1);
    defineKey(out, key, child.value);
    size += child.size;
  }
  for (const pair of merges) size += applyMergeKey(walk, out, pair, path, depth);
  return { value: out, size };
}

// YAML merge keys (`<<: *defaults`), widely used in compose files: keys
// written in the mapping itself win over merged ones; earlier sources win over later.
function applyMergeKey(walk: Walk, out: TreeMap, pair: Pair<YamlNode, YamlNode>, path: TreePath, depth: number): number {
  const sources = pair.value && isSeq(pair.value) ? (pair.value.items as YamlNode[]) : [pair.value];
  let size = 0;
  for (const source of sources) {
    if (!source) continue;
    const { value, size: added } = convert(walk, source, path, depth + 1);
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw yamlError('merge key "<<" expects a mapping or a sequence of mappings', position(walk, source));
    }
    const pos = position(walk, pair.key as YamlNode);
    for (const [key, child] of Object.entries(value)) {
      if (Object.hasOwn(out, key)) continue;
      defineKey(out, key, child);
      if (!walk.sourceMap.has([...path, key])) walk.sourceMap.set([...path, key], pos.line, pos.column);
    }
    size += added;
  }
  return size;
}

function convertSeq(walk: Walk, items: YamlNode[], path: TreePath, depth: number): { value: Tree; size: number } {
  const out: Tree[] = [];
  let size = 1;
  items.forEach((item, index) => {
    const childPath = [...path, index];
    if (item === null) {
      out.push(null);
      return;
    }
    const pos = position(walk, item);
    walk.sourceMap.set(childPath, pos.line, pos.column);
    const child = convert(walk, item, childPath, depth + 1);
    out.push(child.value);
    size += child.size;
  });
  return { value: out, size };
}

function keyOf(walk: Walk, key: YamlNode | null): string {
  if (key === null) return '';
  if (isScalar(key)) {
    const value = key.value;
    if (value === null) return 'null';
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value);
  }
  throw yamlError('mapping keys must be plain values, not mappings or sequences', position(walk, key));
}

function defineKey(out: TreeMap, key: string, value: Tree): void {
  out[key] = value;
}

function isQuoted(node: YamlNode | null): boolean {
  return node !== null && isScalar(node) && (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE');
}

function scalarValue(value: unknown): Tree {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  return String(value);
}

function recordTag(walk: Walk, node: YamlNode, path: TreePath): void {
  const tag = (node as { tag?: string }).tag;
  if (tag === '!reset') walk.tags.set(pathKey(path), 'reset');
  else if (tag === '!override') walk.tags.set(pathKey(path), 'override');
}

function position(walk: Walk, node: YamlNode | null): SourcePos {
  return posAt(walk.file, walk.lines, node?.range?.[0] ?? 0);
}

function kindOf(value: Tree): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a sequence';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}
