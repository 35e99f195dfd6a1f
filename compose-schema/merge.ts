// Merging a later compose file (or an extending service) onto an earlier one,
// by the compose-spec rules: mappings merge, sequences append with per-key
// uniqueness, a few keys are replaced, and `!reset` / `!override` steer it.
import { hostEntries, hostPair, keyValueKey, ruleFor, toMapping, type ItemKey, type MergeRule } from './merge-rules.js';
import { isMap, pathKey, type MergeTag, type Tree, type TreeMap, type TreePath } from './tree.js';

type Tags = ReadonlyMap<string, MergeTag>;
const RESET = Symbol('reset');
type Merged = Tree | typeof RESET;

export { toMapping };

/**
 * Merges `override` onto `base`. `tags` are the override file's merge tags by
 * pathKey; `overridePath` is where `override` sits in that file (and which
 * rules apply), e.g. `['services', 'web']` for an extending service.
 */
export function mergeTrees(base: TreeMap, override: TreeMap, tags: Tags = new Map(), overridePath: TreePath = []): TreeMap {
  return mergeMaps(withoutTagged(base, tags, overridePath), override, overridePath, tags);
}

function mergeValue(base: Tree | undefined, over: Tree, path: TreePath, tags: Tags): Merged {
  const tag = tags.size > 0 ? tags.get(pathKey(path)) : undefined;
  if (tag === 'reset') return RESET;
  const rule = ruleFor(path);
  if (tag === 'override' || base === undefined || base === null) return settle(over, path, tags, rule);
  // A key left empty in a later file keeps the earlier value, except where
  // the later value replaces outright (`command: null` clears the command).
  if (over === null) return rule?.kind === 'replace' ? null : base;
  if (rule !== undefined) return applyRule(rule, base, over, path, tags);
  if (isMap(over)) return mergeMaps(isMap(base) ? base : {}, over, path, tags);
  if (Array.isArray(over)) return [...(Array.isArray(base) ? base : []), ...settleItems(over, path, tags)];
  return over;
}

// A value with nothing to merge onto is taken as it is, minus its `!reset`
// nodes, with duplicates of its unique sequences collapsed (compose does so
// after every file, even the first).
function settle(over: Tree, path: TreePath, tags: Tags, rule: MergeRule | undefined): Tree {
  if (isMap(over)) return mergeMaps({}, over, path, tags);
  if (!Array.isArray(over)) return over;
  const items = settleItems(over, path, tags);
  if (rule?.kind === 'sequence') return uniqueBy(items, rule.key);
  if (rule?.kind === 'keyValue') return uniqueBy(items, keyValueKey);
  return items;
}

function mergeMaps(base: TreeMap, over: TreeMap, path: TreePath, tags: Tags): TreeMap {
  const out: TreeMap = { ...base };
  for (const [key, value] of Object.entries(over)) {
    const merged = mergeValue(Object.hasOwn(base, key) ? base[key] : undefined, value, [...path, key], tags);
    if (merged === RESET) delete out[key];
    else out[key] = merged;
  }
  return out;
}

function applyRule(rule: MergeRule, base: Tree, over: Tree, path: TreePath, tags: Tags): Tree {
  switch (rule.kind) {
    case 'replace':
      return dropResetNodes(over, path, tags);
    case 'sequence':
      return mergeSequence(base, over, path, tags, rule.key);
    case 'keyValue':
      return mergeKeyValues(base, over, path, tags);
    case 'named':
      return mergeNamed(base, over, path, tags, rule.fill);
    case 'extraHosts':
      return mergeExtraHosts(base, dropResetNodes(over, path, tags));
    case 'logging':
      return mergeLogging(base, over, path, tags);
    case 'build':
      return mergeBuild(base, over, path, tags);
    case 'ipamConfig':
      return mergeIpamConfig(base, over, path, tags);
  }
}

/** The override's items minus those tagged `!reset`, with tagged nodes inside them dropped. */
function settleItems(items: readonly Tree[], path: TreePath, tags: Tags): Tree[] {
  if (tags.size === 0) return [...items];
  const kept: Tree[] = [];
  items.forEach((item, i) => {
    if (tags.get(pathKey([...path, i])) !== 'reset') kept.push(dropResetNodes(item, [...path, i], tags));
  });
  return kept;
}

// An entry of the override replaces the earlier entry with the same key, in
// its place; duplicates within one file collapse the same way (as in compose).
function uniqueBy(items: readonly Tree[], key: ItemKey): Tree[] {
  const out: Tree[] = [];
  const index = new Map<string, number>();
  for (const item of items) {
    const at = index.get(key(item));
    if (at === undefined) index.set(key(item), out.push(item) - 1);
    else out[at] = item;
  }
  return out;
}

function mergeSequence(base: Tree, over: Tree, path: TreePath, tags: Tags, key: ItemKey): Tree {
  const items = settleItems(Array.isArray(over) ? over : [over], path, tags);
  return uniqueBy([...(Array.isArray(base) ? base : [base]), ...items], key);
}

// `environment: [A=1]` and `environment: {A: "2"}` are the same field written
// two ways: like forms merge as they are, unlike forms as mappings.
function mergeKeyValues(base: Tree, over: Tree, path: TreePath, tags: Tags): Tree {
  const own = dropResetNodes(over, path, tags);
  if (Array.isArray(own) && Array.isArray(base)) return uniqueBy([...base, ...own], keyValueKey);
  const merged: TreeMap = { ...asMapping(base), ...asMapping(own) };
  // `FOO: !reset` drops FOO even when the earlier file wrote a list.
  if (isMap(over)) for (const key of Object.keys(over)) if (tags.get(pathKey([...path, key])) === 'reset') delete merged[key];
  return merged;
}

function asMapping(value: Tree): TreeMap {
  const mapping = toMapping(value, 'environment');
  return isMap(mapping) ? mapping : {};
}

function mergeNamed(base: Tree, over: Tree, path: TreePath, tags: Tags, fill: Tree): Tree {
  if (Array.isArray(over)) {
    const names = settleItems(over, path, tags);
    if (Array.isArray(base)) return uniqueBy([...base, ...names], String);
    return mergeMaps(isMap(base) ? base : {}, namedMap(names, fill), path, new Map());
  }
  const before = Array.isArray(base) ? namedMap(base, fill) : isMap(base) ? base : {};
  return mergeMaps(before, isMap(over) ? over : {}, path, tags);
}

function namedMap(names: readonly Tree[], fill: Tree): TreeMap {
  return Object.fromEntries(names.map((name) => [String(name), isMap(fill) ? { ...fill } : fill]));
}

// Extra hosts are (host, address) pairs: a host may have several addresses,
// so a later file adds the pairs the earlier one lacks (compose-go does the same).
function mergeExtraHosts(base: Tree, over: Tree): Tree {
  const out = hostEntries(base);
  const seen = new Set(out.map(hostPair));
  for (const entry of hostEntries(over)) {
    if (!seen.has(hostPair(entry))) out.push(entry);
    seen.add(hostPair(entry));
  }
  return out;
}

/** Options merge only when both sides use the same driver (or one names none). */
function mergeLogging(base: Tree, over: Tree, path: TreePath, tags: Tags): Tree {
  if (!isMap(base) || !isMap(over)) return dropResetNodes(over, path, tags);
  const [before, after] = [base['driver'] ?? null, over['driver'] ?? null];
  if (before !== null && after !== null && before !== after) return dropResetNodes(over, path, tags);
  return mergeMaps(base, over, path, tags);
}

/** `build: ./dir` is `build: {context: ./dir}`. */
function mergeBuild(base: Tree, over: Tree, path: TreePath, tags: Tags): Tree {
  if (typeof over === 'string') return isMap(base) ? { ...base, context: over } : over;
  const before = typeof base === 'string' ? { context: base } : isMap(base) ? base : {};
  return mergeMaps(before, isMap(over) ? over : {}, path, tags);
}

// As compose-go does: the later file's IPAM pools win, each merged onto the
// earlier pool with the same subnet.
function mergeIpamConfig(base: Tree, over: Tree, path: TreePath, tags: Tags): Tree {
  if (!Array.isArray(base) || !Array.isArray(over)) return dropResetNodes(over, path, tags);
  const subnet = (pool: Tree) => (isMap(pool) ? String(pool['subnet'] ?? '') : '');
  return settleItems(over, path, tags).map((pool) => {
    const earlier = base.find((b) => isMap(b) && subnet(b) === subnet(pool));
    return isMap(earlier) && isMap(pool) ? mergeMaps(earlier, pool, [], new Map()) : pool;
  });
}

/** `value` without the nodes tagged `!reset` (there is nothing beneath them to reset). */
export function dropResetNodes(value: Tree, path: TreePath, tags: Tags): Tree {
  if (tags.size === 0) return value;
  if (Array.isArray(value)) return settleItems(value, path, tags);
  if (!isMap(value)) return value;
  const out: TreeMap = {};
  for (const [key, child] of Object.entries(value)) {
    if (tags.get(pathKey([...path, key])) !== 'reset') out[key] = dropResetNodes(child, [...path, key], tags);
  }
  return out;
}

// A `!reset`/`!override` also clears the earlier value when the override no
// longer has the key (an `extends` already consumed it): compose-go removes
// every tagged mapping path from the earlier model before merging.
function withoutTagged(base: TreeMap, tags: Tags, overridePath: TreePath): TreeMap {
  let out = base;
  for (const key of tags.keys()) {
    const path = decodePathKey(key);
    if (path.length <= overridePath.length || !overridePath.every((s, i) => path[i] === s)) continue;
    out = withoutPath(out, path.slice(overridePath.length));
  }
  return out;
}

/** `base` without the mapping entry at `rel`; paths through sequences are left alone. */
function withoutPath(base: TreeMap, rel: TreePath): TreeMap {
  const [head, ...rest] = rel;
  if (typeof head !== 'string' || !Object.hasOwn(base, head)) return base;
  if (rest.length === 0) {
    const { [head]: _dropped, ...kept } = base;
    return kept;
  }
  const child = base[head];
  if (!isMap(child)) return base;
  const next = withoutPath(child, rest);
  return next === child ? base : { ...base, [head]: next };
}

/** The inverse of pathKey(): `.name` segments are keys, `#n` segments indexes. */
function decodePathKey(key: string): TreePath {
  if (key === '') return [];
  return key.split('\u0000').map((s) => (s.startsWith('#') ? Number(s.slice(1)) : s.slice(1)));
}
