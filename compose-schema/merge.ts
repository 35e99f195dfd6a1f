// Merging a later compose file (or an extending service) onto an earlier one,
// by the compose-spec rules: mappings merge, sequences append with per-key
// uniqueness, a few keys are replaced, and `!reset` / `!override` steer it.
import { MAPPING_OR_LIST, REPLACED, SEQUENCE_KEYS, STRING_OR_LIST, type ItemKey } from './merge-keys.js';
import { isMap, pathKey, type MergeTag, type Tree, type TreeMap, type TreePath } from './tree.js';

type Tags = ReadonlyMap<string, MergeTag>;
const RESET = Symbol('reset');

/**
 * Merges `override` onto `base`. `tags` are the override file's merge tags by
 * pathKey; `overridePath` is where `override` sits in that file (and which
 * rules apply), e.g. `['services', 'web']` for an extending service.
 */
export function mergeTrees(base: TreeMap, override: TreeMap, tags: Tags = new Map(), overridePath: TreePath = []): TreeMap {
  return mergeMaps(base, override, overridePath, tags);
}

function mergeValue(base: Tree | undefined, over: Tree, path: TreePath, tags: Tags): Tree | typeof RESET {
  const tag = tags.size > 0 ? tags.get(pathKey(path)) : undefined;
  if (tag === 'reset') return RESET;
  if (tag === 'override' || base === undefined) return dropResetNodes(over, path, tags);
  const rule = serviceRule(path);
  if (rule !== undefined && REPLACED.has(rule)) return over;
  [base, over] = alignForms(base, over, rule);
  if (rule === 'logging' && isMap(base) && isMap(over) && base['driver'] && over['driver'] && base['driver'] !== over['driver']) {
    return over;
  }
  if (isMap(base) && isMap(over)) return mergeMaps(base, over, path, tags);
  if (Array.isArray(base) && Array.isArray(over)) return appendUnique(base, over, rule !== undefined ? SEQUENCE_KEYS[rule] : undefined);
  return over;
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

// An entry of the override replaces the base entry with the same key, in place.
function appendUnique(base: Tree[], over: Tree[], key: ItemKey | undefined): Tree[] {
  if (!key) return [...base, ...over];
  const out = [...base];
  const index = new Map(out.map((item, i) => [key(item), i]));
  for (const item of over) {
    const at = index.get(key(item));
    if (at === undefined) {
      index.set(key(item), out.length);
      out.push(item);
    } else {
      out[at] = item;
    }
  }
  return out;
}

/** The rule name of a service-level path (`ports`, `build.args`, `ulimits.*`), if it is one. */
function serviceRule(path: TreePath): string | undefined {
  if (path[0] !== 'services' || path.length < 3) return undefined;
  const rel = path.slice(2).map(String);
  if (rel[0] === 'ulimits' && rel.length === 2) return 'ulimits.*';
  return rel.join('.');
}

// The two sides may be written in different forms (`environment` as a list
// and as a mapping, `build` as a string and as a mapping); compare like with like.
function alignForms(base: Tree, over: Tree, rule: string | undefined): [Tree, Tree] {
  if (rule === undefined) return [base, over];
  if (MAPPING_OR_LIST.has(rule) && Array.isArray(base) !== Array.isArray(over)) {
    return [toMapping(base, rule), toMapping(over, rule)];
  }
  if (STRING_OR_LIST.has(rule)) return [toList(base), toList(over)];
  if (rule === 'build' && typeof base === 'string' !== (typeof over === 'string')) {
    return [typeof base === 'string' ? { context: base } : base, typeof over === 'string' ? { context: over } : over];
  }
  return [base, over];
}

/** A `KEY=VALUE` (or name-only) list as the equivalent mapping. */
export function toMapping(value: Tree, rule: string): Tree {
  if (!Array.isArray(value)) return value;
  const out: TreeMap = {};
  for (const item of value) {
    const text = String(item);
    if (rule === 'depends_on') out[text] = { condition: 'service_started' };
    else if (rule === 'networks') out[text] = null;
    else {
      const sep = rule === 'extra_hosts' && !text.includes('=') ? text.indexOf(':') : text.indexOf('=');
      if (sep < 0) out[text] = null;
      else out[text.slice(0, sep)] = text.slice(sep + 1);
    }
  }
  return out;
}

function toList(value: Tree): Tree {
  return typeof value === 'string' ? [value] : value;
}

/** `value` without the nodes tagged `!reset` (there is nothing beneath them to reset). */
export function dropResetNodes(value: Tree, path: TreePath, tags: Tags): Tree {
  if (tags.size === 0) return value;
  if (Array.isArray(value)) {
    const kept: Tree[] = [];
    value.forEach((item, i) => {
      if (tags.get(pathKey([...path, i])) !== 'reset') kept.push(dropResetNodes(item, [...path, i], tags));
    });
    return kept;
  }
  if (!isMap(value)) return value;
  const out: TreeMap = {};
  for (const [key, child] of Object.entries(value)) {
    if (tags.get(pathKey([...path, key])) !== 'reset') out[key] = dropResetNodes(child, [...path, key], tags);
  }
  return out;
}
