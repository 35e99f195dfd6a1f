// After interpolation a `${REPLICAS}` is the string "3"; docker compose casts
// strings at typed places back to numbers and booleans before validating.
// One table, keyed by path pattern (`*` any key, `[]` any item).
import { ComposeError, ComposeErrorCode } from '../errors.js';
import { formatPath, isMap, type PathSegment, type SourceMap, type Tree, type TreeMap } from './tree.js';

type CastKind = 'int' | 'float' | 'bool';

// compose-go's cast table, plus the places its typed model reads as a number
// or a boolean. Not here on purpose: file modes (`"0440"` is octal, read in
// normalization), sizes and durations (units), `ports[].published` and
// `expose` (ranges), and `count` (`"all"`).
const SERVICE_CASTS: Readonly<Record<string, CastKind>> = {
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
  'build.no_cache': 'bool',
  'build.privileged': 'bool',
  'build.pull': 'bool',
  'build.ulimits.*': 'int',
  'build.ulimits.*.hard': 'int',
  'build.ulimits.*.soft': 'int',
  'depends_on.*.required': 'bool',
  'depends_on.*.restart': 'bool',
  'deploy.placement.max_replicas_per_node': 'int',
  'deploy.replicas': 'int',
  'deploy.resources.limits.cpus': 'float',
  'deploy.resources.limits.pids': 'int',
  'deploy.resources.reservations.cpus': 'float',
  'deploy.resources.reservations.pids': 'int',
  'deploy.restart_policy.max_attempts': 'int',
  'deploy.rollback_config.max_failure_ratio': 'float',
  'deploy.rollback_config.parallelism': 'int',
  'deploy.update_config.max_failure_ratio': 'float',
  'deploy.update_config.parallelism': 'int',
  'develop.watch.[].exec.privileged': 'bool',
  'env_file.[].required': 'bool',
  'healthcheck.disable': 'bool',
  'healthcheck.retries': 'int',
  'networks.*.gw_priority': 'int',
  'networks.*.priority': 'int',
  'post_start.[].privileged': 'bool',
  'pre_start.[].privileged': 'bool',
  'pre_stop.[].privileged': 'bool',
  'ports.[].target': 'int',
  'ulimits.*': 'int',
  'ulimits.*.hard': 'int',
  'ulimits.*.soft': 'int',
  'volumes.[].bind.create_host_path': 'bool',
  'volumes.[].read_only': 'bool',
  'volumes.[].volume.nocopy': 'bool',
};

const TOP_LEVEL_CASTS: Readonly<Record<string, CastKind>> = {
  'configs.*.external': 'bool',
  'networks.*.attachable': 'bool',
  'networks.*.enable_ipv4': 'bool',
  'networks.*.enable_ipv6': 'bool',
  'networks.*.external': 'bool',
  'networks.*.internal': 'bool',
  'secrets.*.external': 'bool',
  'volumes.*.external': 'bool',
};

interface TrieNode {
  kind?: CastKind;
  readonly children: Map<string, TrieNode>;
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

export interface CastOptions {
  /** Told about `yes`/`no`/`on`/`off`/`y`/`n`, which compose takes for booleans but YAML 1.2 does not. */
  readonly warn?: (message: string) => void;
}

interface Walk {
  readonly sourceMap: SourceMap;
  readonly options: CastOptions;
  /** Pushed and popped on the way down. */
  readonly path: PathSegment[];
}

/** A new tree with strings at typed paths cast to numbers and booleans; other values are shared, not copied. */
export function castTree(tree: TreeMap, sourceMap: SourceMap, options: CastOptions = {}): TreeMap {
  return castNode(tree, TRIE, { sourceMap, options, path: [] }) as TreeMap;
}

function castNode(node: Tree, trie: TrieNode, walk: Walk): Tree {
  if (typeof node === 'string') return trie.kind ? castString(node, trie.kind, walk) : node;
  if (trie.children.size === 0) return node;
  if (Array.isArray(node)) {
    const child = trie.children.get('[]');
    return child ? node.map((item, i) => descend(item, i, child, walk)) : node;
  }
  if (!isMap(node)) return node;
  const out: TreeMap = {};
  for (const key of Object.keys(node)) {
    const child = trie.children.get(key) ?? trie.children.get('*');
    out[key] = child ? descend(node[key]!, key, child, walk) : node[key]!;
  }
  return out;
}

function descend(node: Tree, segment: PathSegment, trie: TrieNode, walk: Walk): Tree {
  walk.path.push(segment);
  const out = castNode(node, trie, walk);
  walk.path.pop();
  return out;
}

const TRUE = new Set(['true', 'yes', 'y', 'on']);
const FALSE = new Set(['false', 'no', 'n', 'off']);
const INTEGER = /^[-+]?\d+$/;
const FLOAT = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

// Go's strconv rules, as compose-go casts: no blanks around the value, 64-bit integers.
function castString(value: string, kind: CastKind, walk: Walk): Tree {
  if (kind === 'bool') return castBoolean(value, walk);
  if (kind === 'float' && FLOAT.test(value)) return Number(value);
  if (kind === 'int' && INTEGER.test(value)) {
    const n = BigInt(value);
    if (n >= INT64_MIN && n <= INT64_MAX) return Number(n);
    throw castError(walk, `${value} is out of range for an integer`);
  }
  const expected = kind === 'int' ? 'an integer' : 'a number';
  throw castError(walk, `expected ${expected}, got ${JSON.stringify(value)}`);
}

function castBoolean(value: string, walk: Walk): boolean {
  const lower = value.toLowerCase();
  const result = TRUE.has(lower) ? true : FALSE.has(lower) ? false : undefined;
  if (result === undefined) throw castError(walk, `expected a boolean, got ${JSON.stringify(value)}`);
  if (lower !== 'true' && lower !== 'false') {
    walk.options.warn?.(`${formatPath(walk.path)}: ${JSON.stringify(value)} as a boolean is YAML 1.1; write ${result}`);
  }
  return result;
}

function castError(walk: Walk, detail: string): ComposeError {
  return new ComposeError(ComposeErrorCode.InvalidValue, `${formatPath(walk.path)}: ${detail}`, {
    pos: walk.sourceMap.lookup(walk.path),
  });
}
