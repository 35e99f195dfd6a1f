// `extends`: a service starts from another service's configuration, in the
// same file or another one, through chains of any length.
import { basename } from 'node:path';
import { ComposeError, ComposeErrorCode, type SourcePos } from '../errors.js';
import { mergeTrees } from './merge.js';
import { formatPath, isMap, type Locator, type MergeTag, type Tree, type TreeMap, type TreePath } from './tree.js';

/** A file as `extends` needs it: interpolated, validated, paths resolved. */
export interface ExtendableFile {
  readonly file: string;
  readonly tree: TreeMap;
  readonly tags: ReadonlyMap<string, MergeTag>;
  readonly locate: Locator;
}

type LoadFile = (absolutePath: string) => ExtendableFile;

/** Longer chains than any real project has; the resolution recurses once per link. */
export const MAX_EXTENDS_DEPTH = 64;
/**
 * Nodes the services made by `extends` may hold together. Each carries a copy
 * of its base's keys, so a long chain grows quadratically with its length;
 * the budget keeps that bounded by far more than real projects need.
 */
export const MAX_EXTENDED_NODES = 1_000_000;

/** One step of an extends chain: a service of a file. */
interface Link {
  readonly src: ExtendableFile;
  readonly service: string;
}

interface Resolver {
  readonly origin: string;
  readonly load: LoadFile;
  /** Resolved services by file and name: a base shared by many is merged once. */
  readonly resolved: Map<string, TreeMap>;
  /** Of each resolved service, by the same key: its node count (an upper bound for merged ones) and its links of extends. */
  readonly measures: Map<string, { size: number; depth: number }>;
  /** What is left of MAX_EXTENDED_NODES. */
  budget: number;
}

/** The file's tree with every service's `extends` applied and removed. */
export function resolveExtends(file: ExtendableFile, loadFile: LoadFile): TreeMap {
  const services = file.tree['services'];
  if (!isMap(services) || !Object.values(services).some((s) => isMap(s) && s['extends'] !== undefined)) return file.tree;
  const resolver: Resolver = { origin: file.file, load: cachedLoader(file, loadFile), resolved: new Map(), measures: new Map(), budget: MAX_EXTENDED_NODES };
  // Sorted, so that the same cycle is always reported from the same service.
  for (const name of Object.keys(services).sort()) resolveService({ src: file, service: name }, [], resolver);
  const out: TreeMap = {};
  for (const [name, service] of Object.entries(services)) {
    out[name] = isMap(service) && service['extends'] !== undefined ? resolver.resolved.get(linkId({ src: file, service: name }))! : service;
  }
  return { ...file.tree, services: out };
}

function cachedLoader(first: ExtendableFile, loadFile: LoadFile): LoadFile {
  const files = new Map<string, ExtendableFile>([[first.file, first]]);
  return (path) => {
    let loaded = files.get(path);
    if (!loaded) files.set(path, (loaded = loadFile(path)));
    return loaded;
  };
}

const linkId = (link: Link): string => `${link.src.file}\u0000${link.service}`;

function resolveService(link: Link, chain: readonly Link[], resolver: Resolver): TreeMap {
  const done = resolver.resolved.get(linkId(link));
  if (done) return done;
  const looped = chain.findIndex((l) => linkId(l) === linkId(link));
  if (looped >= 0) throw cycleError([...chain.slice(looped), link], resolver.origin);
  const value = (link.src.tree['services'] as TreeMap)[link.service];
  const service = isMap(value) ? value : {};
  let result = service;
  let size = countNodes(service);
  let depth = 0;
  if (service['extends'] !== undefined) {
    // The unresolved part of the chain is checked before recursing, the whole chain after.
    const tooLong = () => limitError(link, `the chain of extends is longer than ${MAX_EXTENDS_DEPTH} services`);
    if (chain.length >= MAX_EXTENDS_DEPTH) throw tooLong();
    const baseLink = findBase(link, service['extends'], resolver);
    const base = resolveService(baseLink, [...chain, link], resolver);
    const measured = resolver.measures.get(linkId(baseLink))!;
    depth = measured.depth + 1;
    if (depth > MAX_EXTENDS_DEPTH) throw tooLong();
    size += measured.size;
    resolver.budget -= size;
    if (resolver.budget < 0) throw limitError(link, `the services extends makes hold more than ${MAX_EXTENDED_NODES.toLocaleString('en-US')} nodes`);
    const { extends: _extends, ...own } = service;
    result = mergeTrees(base, own, link.src.tags, ['services', link.service]);
  }
  resolver.resolved.set(linkId(link), result);
  resolver.measures.set(linkId(link), { size, depth });
  return result;
}

function countNodes(tree: Tree): number {
  if (Array.isArray(tree)) return tree.reduce<number>((n, item) => n + countNodes(item), 1);
  if (isMap(tree)) return Object.values(tree).reduce<number>((n, item) => n + countNodes(item), 1);
  return 1;
}

function limitError(link: Link, message: string): ComposeError {
  const path: TreePath = ['services', link.service, 'extends'];
  return new ComposeError(ComposeErrorCode.Extends, `${formatPath(path)}: ${message}`, withPos(link.src.locate(path)));
}

/** The service `extends` names, in this file or the one it names. */
function findBase(link: Link, spec: Tree, resolver: Resolver): Link {
  const map = isMap(spec) ? spec : {};
  const name = typeof spec === 'string' ? spec : String(map['service'] ?? '');
  const file = typeof map['file'] === 'string' ? map['file'] : link.src.file;
  const src = file === link.src.file ? link.src : resolver.load(file);
  const services = src.tree['services'];
  if (isMap(services) && Object.hasOwn(services, name)) return { src, service: name };
  const path: TreePath = ['services', link.service, 'extends'];
  const pos = link.src.locate(isMap(spec) ? [...path, 'service'] : path);
  throw new ComposeError(
    ComposeErrorCode.Extends,
    `${formatPath(path)}: service "${name}" not found in ${basename(src.file)}`,
    withPos(pos),
  );
}

// `web -> base (common.yaml) -> web`: services of the file being loaded go
// bare, the others carry their file's name. The position is the first extends.
function cycleError(cycle: readonly Link[], origin: string): ComposeError {
  const names = cycle.map((l) => (l.src.file === origin ? l.service : `${l.service} (${basename(l.src.file)})`));
  const first = cycle[0]!;
  const pos = first.src.locate(['services', first.service, 'extends']);
  return new ComposeError(ComposeErrorCode.Cycle, `extends cycle: ${names.join(' -> ')}`, withPos(pos));
}

function withPos(pos: SourcePos | undefined): { pos?: SourcePos } {
  return pos ? { pos } : {};
}
