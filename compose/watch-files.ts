// The file watching of live reload, through chokidar (inotify underneath,
// never polling). The project's files are watched through their folders, so
// an editor that saves by writing a new file and renaming it over the old
// one is seen, and so is a file that appears (a new .env) or comes back.
import { watch, type FSWatcher } from 'chokidar';
import { dirname, resolve } from 'node:path';
import { ruleIgnores, type ServiceWatchRule } from '../planner/watch.js';

type OnChange = (paths: readonly string[]) => void;

// Events that change what a file holds or whether it exists; a new folder
// is not one: the files put in it arrive as their own events.
const CHANGE_EVENTS = new Set(['add', 'change', 'unlink', 'unlinkDir']);

export class FileWatchers {
  private projectFiles = new Set<string>();
  private rules: readonly ServiceWatchRule[] = [];
  private projectWatcher: { key: string; watcher: FSWatcher } | undefined;
  private ruleWatcher: { key: string; watcher: FSWatcher } | undefined;

  constructor(private readonly onChange: OnChange) {}

  /** Watches these files and rules from now on; watchers are only remade when what they cover changed. */
  async watch(files: readonly string[], rules: readonly ServiceWatchRule[]): Promise<void> {
    this.projectFiles = new Set(files);
    this.rules = rules;
    const folders = [...new Set(files.map((f) => dirname(f)))].sort();
    const rulePaths = [...new Set(rules.map((r) => r.path))].sort();
    this.projectWatcher = await this.replace(this.projectWatcher, folders, () =>
      watch(folders, { ignoreInitial: true, depth: 0 }).on('all', (event, path) => {
        const file = resolve(path);
        if (CHANGE_EVENTS.has(event) && this.projectFiles.has(file)) this.onChange([file]);
      }),
    );
    this.ruleWatcher = await this.replace(this.ruleWatcher, rulePaths, () =>
      watch(rulePaths, { ignoreInitial: true, ignored: (path) => this.ignored(resolve(path)) }).on('all', (event, path) => {
        if (CHANGE_EVENTS.has(event)) this.onChange([resolve(path)]);
      }),
    );
  }

  async close(): Promise<void> {
    await Promise.all([this.projectWatcher?.watcher.close(), this.ruleWatcher?.watcher.close()]);
    this.projectWatcher = this.ruleWatcher = undefined;
  }

  // Not looked into when every rule whose path holds it leaves it out
  // (node_modules under an `ignore`, .git): large trees cost nothing.
  private ignored(path: string): boolean {
    const holding = this.rules.filter((rule) => isInside(rule.path, path));
    return holding.length > 0 && holding.every((rule) => ruleIgnores(rule, path));
  }

  private async replace(current: { key: string; watcher: FSWatcher } | undefined, paths: readonly string[], make: () => FSWatcher): Promise<{ key: string; watcher: FSWatcher } | undefined> {
    const key = paths.join('\0');
    if (current?.key === key) return current;
    await current?.watcher.close();
    if (paths.length === 0) return undefined;
    const watcher = make();
    await new Promise<void>((ready, fail) => watcher.once('ready', ready).once('error', fail));
    return { key, watcher };
  }
}

function isInside(dir: string, path: string): boolean {
  return path === dir || path.startsWith(`${dir}/`);
}
