// After interpolation a `${REPLICAS}` is the string "3"; docker compose casts
// strings at typed places back to numbers and booleans before validating.
// One table, keyed by path pattern (`*` any key, `[]` any item).
import { ComposeError, ComposeErrorCode } from '../errors.js';
import { formatPath, isMap, type SourceMap, type Tree, type TreeMap, type TreePath } from './tree.js';

type CastKind = 'int' | 'float' | 'bool';

const SERVICE_CASTS: Record<string, CastKind> = {
  cpu_count: 'int',
  cpu_percent: 'float',
  cpu_period: 'int',
  cpu_quota: 'int',
  cpu_rt_period: 'int',
  cpu_rt_runtime: 'int',
  cpus: 'float',
  cpu_shares: 'int',
  init: 'bool',
  mem_swappiness: 'int',
  oom_kill_disable: 'bool',
  oom_score_adj: 'int',
  pids_limit: 'int',
  privileged: 'bool',
  read_only: 'bool',
  scale: 'int',
  stdin_open: 'bool',
  tty: 'bool',
  'blkio_config.weight': 'int',
  'blkio_config.weight_device.[].weight': 'int',
  'build.privileged': 'bool',
  'build.no_cache': 'bool',
  'build.pull': 'bool',
  'depends_on.*.required': 'bool',
  'depends_on.*.restart': 'bool',
  'deploy.replicas': 'int',
  'deploy.resources.limits.pids': 'int',
  'deploy.restart_policy.max_attempts': 'int',
  'deploy.update_config.parallelism': 'int',
  'deploy.update_config.max_failure_ratio': 'float',
  'deploy.rollback_config.parallelism': 'int',
  'deploy.rollback_config.max_failure_ratio': 'float',
  'healthcheck.retries': 'int',
  'healthcheck.disable': 'bool',
  'networks.*.priority': 'int',
  'ports.[].target': 'int',
  'secrets.[].mode': 'int',
  'configs.[].mode': 'int',
  'ulimits.*': 'int',
  'ulimits.*.hard': 'int',
  'ulimits.*.soft': 'int',
  'volumes.[].read_only': 'bool',
  'volumes.[].bind.create_host_path': 'bool',
  'volumes.[].volume.nocopy': 'bool',
};

const TOP_LEVEL_CASTS: Record<string, CastKind> = {
  'networks.*.external': 'bool',
  'networks.*.internal': 'bool',
  'networks.*.attachable': 'bool',
  'networks.*.enable_ipv4': 'bool',
  'networks.*.enable_ipv6': 'bool',
  'volumes.*.external': 'bool',
  'secrets.*.external': 'bool',
  'configs.*.external': 'bool',
  'include.[].required': 'bool',
};

interface TrieNode {
  kind?: CastKind;
  children: Map<string, TrieNode>;
}

const TRIE = buildTrie();

function buildTrie(): TrieNode {
  const root: TrieNode = { children: new Map() };
  const add = (pattern: string, kind: CastKind) => {
    let node = root;
    for (const segment of pattern.split('.')) {
      let child = node.children.get(segment);
      if (!child) node.children.set(segment, (child = { children: new Map() }));
      node = child;
    }
    node.kind = kind;
  };
  for (const [pattern, kind] of Object.entries(SERVICE_CASTS)) add(`services.*.${pattern}`, kind);
  for (const [pattern, kind] of Object.entries(TOP_LEVEL_CASTS)) add(pattern, kind);
  return root;
}

/** A new tree with strings at typed paths cast to numbers and booleans. */
export function castTree(tree: TreeMap, sourceMap: SourceMap): TreeMap {
  return castNode(tree, TRIE, [], sourceMap) as TreeMap;
}

function castNode(node: Tree, trie: TrieNode, path: TreePath, sourceMap: SourceMap): Tree {
  if (typeof node === 'string') return trie.kind ? castString(node, trie.kind, path, sourceMap) : node;
  if (trie.children.size === 0) return node;
  if (Array.isArray(node)) {
    const child = trie.children.get('[]');
    return child ? node.map((item, i) => castNode(item, child, [...path, i], sourceMap)) : node;
  }
  if (!isMap(node)) return node;
  const out: TreeMap = {};
  for (const [key, value] of Object.entries(node)) {
    const child = trie.children.get(key) ?? trie.children.get('*');
    out[key] = child ? castNode(value, child, [...path, key], sourceMap) : value;
  }
  return out;
}

const TRUE = new Set(['1', 't', 'true', 'y', 'yes', 'on']);
const FALSE = new Set(['0', 'f', 'false', 'n', 'no', 'off']);

function castString(value: string, kind: CastKind, path: TreePath, sourceMap: SourceMap): Tree {
  const text = value.trim();
  if (kind === 'bool') {
    const lower = text.toLowerCase();
    if (TRUE.has(lower)) return true;
    if (FALSE.has(lower)) return false;
  } else if (kind === 'int' ? /^[-+]?\d+$/.test(text) : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) {
    return Number(text);
  }
  const expected = kind === 'bool' ? 'a boolean' : kind === 'int' ? 'an integer' : 'a number';
  throw new ComposeError(ComposeErrorCode.InvalidValue, `${formatPath(path)}: expected ${expected}, got ${JSON.stringify(value)}`, {
    pos: sourceMap.lookup(path),
  });
}
