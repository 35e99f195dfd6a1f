// The module boundaries of the design, checked on every import of every
// source file: static (`import … from`, `export … from`, `import type`, a
// bare `import '…'`) and dynamic (`import('…')`, `typeof import('…')`).
// One table says what each folder may reach; anything else is a violation.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

/** What a folder's files may import, as paths from the repository root: exact files, or folders ending in `/`. */
interface Rule {
  readonly folder: string;
  readonly allowed: readonly (string | RegExp)[];
  readonly why: string;
}

const ENGINE_AREA_ENTRIES = /^engine\/[a-z-]+\/index\.js$/;

const RULES: readonly Rule[] = [
  {
    folder: 'cli',
    // Not the package entry alone: a container command must not pay for loading the compose loader.
    allowed: ['cli/', 'index.js', 'errors.js', 'engine/engine.js', ENGINE_AREA_ENTRIES, 'networking/index.js'],
    why: 'cli/ imports only public entries',
  },
  { folder: 'compose-schema', allowed: ['compose-schema/', 'errors.js'], why: 'compose-schema/ stands alone' },
  {
    folder: 'planner',
    allowed: ['planner/', 'compose-schema/', 'errors.js', 'engine/engine.js', 'engine/container/config.js', ENGINE_AREA_ENTRIES],
    why: 'planner/ calls the engine API, never networking or cli/',
  },
  {
    folder: 'engine',
    // The engine API (engine/engine.ts) wires networking in through its entry.
    allowed: ['engine/', 'state/', 'errors.js', 'networking/index.js'],
    why: 'engine/ knows nothing of compose',
  },
  { folder: 'networking', allowed: ['networking/', 'state/', 'errors.js'], why: 'networking/ knows nothing of compose or containers' },
  // The compose verbs as library calls: load, observe, plan, execute, under the project lock.
  { folder: 'compose', allowed: ['compose/', 'planner/', 'compose-schema/', 'engine/engine.js', 'state/', 'errors.js'], why: 'compose/ wires the pipeline, never the CLI' },
  { folder: 'state', allowed: ['state/', 'errors.js'], why: 'state/ is the shared ground: it imports no module of ours' },
];

// The start-up snapshot's entry loads every module up front, by design.
const EXEMPT = new Set(['cli/snapshot.ts']);

function sourceFiles(folder: string): string[] {
  const entries = readdirSync(join(root, folder), { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

// A specifier in quotes after `from`, after a line-leading `import`, or inside `import(`.
const IMPORT_PATTERN = /(?:\bfrom\s*|^\s*import\s*|\bimport\s*\(\s*)(['"`])(\.{1,2}\/[^'"`]+)\1/gm;

/** Every relative import of a source text, as paths from the repository root. */
function importsOf(text: string, file: string): string[] {
  return [...text.matchAll(IMPORT_PATTERN)].map((m) => relative(root, resolve(dirname(file), m[2]!)));
}

function permits(rule: Rule, target: string): boolean {
  return rule.allowed.some((entry) => (typeof entry !== 'string' ? entry.test(target) : entry.endsWith('/') ? target.startsWith(entry) : target === entry));
}

describe('module boundaries', () => {
  it('sees static, type-only, re-exported and dynamic imports', () => {
    const file = join(root, 'cli/commands/x.ts');
    const text = [
      "import { a } from '../../engine/container/start.js';",
      "import type { B } from '../../networking/attach.js';",
      "export { c } from './c.js';",
      "import './effects.js';",
      "const d = await import('../../planner/plan.js');",
      'type E = typeof import("../../state/lock.js");',
      "import {\n  f,\n} from '../../errors.js';",
    ].join('\n');
    expect(importsOf(text, file)).toEqual([
      'engine/container/start.js', 'networking/attach.js', 'cli/commands/c.js', 'cli/commands/effects.js', 'planner/plan.js', 'state/lock.js', 'errors.js',
    ]);
  });

  it.each(RULES.map((rule) => [rule.folder, rule] as const))('%s', (_folder, rule) => {
    const violations = sourceFiles(rule.folder)
      .filter((file) => !EXEMPT.has(relative(root, file)))
      .flatMap((file) => importsOf(readFileSync(file, 'utf8'), file).filter((target) => !permits(rule, target)).map((target) => `${relative(root, file)} -> ${target}`));
    expect(violations, rule.why).toEqual([]);
  });
});
