// `extends`: a service starts from another service's configuration, in the
// same file or another one, through chains of any length.
import { basename } from 'node:path';
import { ComposeError, ComposeErrorCode } from '../errors.js';
import { mergeTrees } from './merge.js';
import { isMap, type Locator, type MergeTag, type Tree, type TreeMap } from './tree.js';

/** A file as `extends` needs it: interpolated, validated, paths resolved. */
export interface ExtendableFile {
  readonly file: string;
  readonly tree: TreeMap;
  readonly tags: ReadonlyMap<string, MergeTag>;
  readonly locate: Locator;
}

interface Link {
  readonly file: string;
  readonly service: string;
}

/** The file's tree with every service's `extends` applied and removed. */
export function resolveExtends(file: ExtendableFile, loadFile: (absolutePath: string) => ExtendableFile): TreeMap {
  const services = file.tree['services'];
  if (!isMap(services) || !Object.values(services).some((s) => isMap(s) && s['extends'] !== undefined)) return file.tree;
  const resolved = new Map<string, TreeMap>();
  const resolver = { loadFile, resolved, origin: file.file };
  const out: TreeMap = {};
  for (const name of Object.keys(services)) out[name] = resolveService(file, name, [], resolver);
  return { ...file.tree, services: out };
}

interface Resolver {
  readonly loadFile: (absolutePath: string) => ExtendableFile;
  readonly resolved: Map<string, TreeMap>;
  readonly origin: string;
}

function resolveService(src: ExtendableFile, name: string, chain: readonly Link[], resolver: Resolver): TreeMap {
  const id = `${src.file}\u0000${name}`;
  const done = resolver.resolved.get(id);
  if (done) return done;
  const looped = chain.findIndex((link) => link.file === src.file && link.service === name);
  if (looped >= 0) throw cycleError([...chain.slice(looped), { file: src.file, service: name }], resolver.origin, src, chain[looped]!);
  const service = (src.tree['services'] as TreeMap)[name] as TreeMap;
  const spec = service['extends'];
  let result: TreeMap = service;
  if (spec !== undefined) {
    const { base: baseName, file: baseFile } = readSpec(spec);
    const baseSrc = baseFile && baseFile !== src.file ? resolver.loadFile(baseFile) : src;
    const baseServices = baseSrc.tree['services'];
    if (!isMap(baseServices) || !isMap(baseServices[baseName])) {
      const pos = src.locate(['services', name, 'extends']);
      throw new ComposeError(
        ComposeErrorCode.Extends,
        `services.${name}.extends: service "${baseName}" not found in ${basename(baseSrc.file)}`,
        pos ? { pos } : {},
      );
    }
    const base = resolveService(baseSrc, baseName, [...chain, { file: src.file, service: name }], resolver);
    const { extends: _extends, ...own } = service;
    result = mergeTrees(base, own, src.tags, ['services', name]);
  }
  resolver.resolved.set(id, result);
  return result;
}

function readSpec(spec: Tree): { base: string; file?: string } {
  if (typeof spec === 'string') return { base: spec };
  const map = isMap(spec) ? spec : {};
  const file = typeof map['file'] === 'string' ? map['file'] : undefined;
  return { base: String(map['service'] ?? ''), ...(file !== undefined && { file }) };
}

function cycleError(cycle: readonly Link[], origin: string, src: ExtendableFile, first: Link): ComposeError {
  const names = cycle.map((link) => (link.file === origin ? link.service : `${link.service} (${basename(link.file)})`));
  const pos = first.file === src.file ? src.locate(['services', first.service, 'extends']) : undefined;
  return new ComposeError(ComposeErrorCode.Cycle, `extends cycle: ${names.join(' -> ')}`, pos ? { pos } : {});
}
