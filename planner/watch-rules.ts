// `develop.watch` rules, compiled from the model: which rule (if any) takes
// a changed host path, and where that path lands in the container.
import { posix, relative, isAbsolute, sep } from 'node:path';
import type { Project, ServiceHook } from '../compose-schema/model.js';
import { compilePatterns, EDITOR_TEMPORARY_PATTERNS, parseIgnoreFile, type PathPatterns } from './watch-patterns.js';

export type WatchAction = 'sync' | 'rebuild' | 'restart' | 'sync+restart' | 'sync+exec';

/** One `develop.watch` entry of a service, ready to match paths against. */
export interface ServiceWatchRule {
  readonly service: string;
  /** Its position in the service's list: a path goes to the first rule that takes it. */
  readonly index: number;
  readonly action: WatchAction;
  /** Absolute host path (a folder, watched recursively, or one file). */
  readonly path: string;
  /** Absolute path in the container, for the sync actions. */
  readonly target?: string;
  readonly exec?: ServiceHook;
  readonly initialSync: boolean;
  /** Relative to `path`: what the rule leaves out (its `ignore` list and editors' temporary files). */
  readonly ignore: PathPatterns;
  /** Relative to `path`: when given, only what matches counts. */
  readonly include?: PathPatterns;
  /** The build context's .dockerignore, relative to that context. */
  readonly dockerignore?: { readonly base: string; readonly patterns: PathPatterns };
}

export interface RuleSources {
  /** The text of `<dir>/.dockerignore`, or undefined when there is none. */
  readonly readDockerignore: (dir: string) => string | undefined;
}

/** Every service's `develop.watch` rules, services in name order. */
export function watchRules(project: Project, sources: RuleSources): ServiceWatchRule[] {
  const rules: ServiceWatchRule[] = [];
  for (const name of Object.keys(project.services).sort()) {
    const service = project.services[name]!;
    const context = service.build?.context;
    const ignoreText = context !== undefined && isAbsolute(context) ? sources.readDockerignore(context) : undefined;
    const dockerignore = ignoreText === undefined || context === undefined ? undefined : { base: context, patterns: compilePatterns(parseIgnoreFile(ignoreText)) };
    (service.develop?.watch ?? []).forEach((rule, index) => {
      rules.push({
        service: name,
        index,
        action: rule.action as WatchAction,
        path: rule.path,
        ...(rule.target !== undefined && { target: rule.target }),
        ...(rule.exec !== undefined && { exec: rule.exec }),
        initialSync: rule.initial_sync === true,
        ignore: compilePatterns([...EDITOR_TEMPORARY_PATTERNS, ...(rule.ignore ?? [])]),
        ...(rule.include !== undefined && rule.include.length > 0 && { include: compilePatterns(rule.include) }),
        ...(dockerignore && { dockerignore }),
      });
    });
  }
  return rules;
}

/** Where a changed host path lands in the container, if the rule takes it at all. */
export function ruleTakes(rule: ServiceWatchRule, path: string): { readonly containerPath?: string } | undefined {
  if (ruleIgnores(rule, path)) return undefined;
  const rel = relativeInside(rule.path, path)!;
  if (rel !== '' && rule.include && !rule.include.matches(rel)) return undefined;
  if (rule.target === undefined) return {};
  return { containerPath: rel === '' ? rule.target : posix.join(rule.target, rel) };
}

/** Outside the rule's path, or left out by its `ignore` list or .dockerignore (never looked into, whatever `include` says). */
export function ruleIgnores(rule: ServiceWatchRule, path: string): boolean {
  const rel = relativeInside(rule.path, path);
  if (rel === undefined) return true;
  if (rel !== '' && rule.ignore.matches(rel)) return true;
  const fromContext = rule.dockerignore ? relativeInside(rule.dockerignore.base, path) : undefined;
  return fromContext !== undefined && fromContext !== '' && rule.dockerignore!.patterns.matches(fromContext);
}

// `path` relative to `dir` with `/` separators; '' for `dir` itself; undefined when outside it.
function relativeInside(dir: string, path: string): string | undefined {
  const rel = relative(dir, path);
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return rel.split(sep).join('/');
}
