// The module boundaries of the design, checked on the import statements:
// cli/ goes through the package entry, the pure core never reaches the CLI,
// and compose-schema/ knows nothing of planner/, engine/ or networking/.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../..');

function sourceFiles(folder: string): string[] {
  const dir = join(root, folder);
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true, recursive: true });
  } catch {
    return [];
  }
  return entries.filter((e) => e.isFile() && e.name.endsWith('.ts')).map((e) => join(e.parentPath, e.name));
}

/** Every relative import of a file (`from '…'`, or `import '…'` for its effects), as a path from the repository root. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:from|^import) '(\.{1,2}\/[^']+)'/gm)].map((m) => relative(root, resolve(dirname(file), m[1]!)));
}

// The start-up snapshot's entry loads every module up front, by design.
const snapshotEntry = join(root, 'cli/snapshot.ts');

const rules: [folder: string, allowed: (target: string) => boolean, why: string][] = [
  // Besides the package entry, the engine's per-area entries (engine/<area>/index.js)
  // and errors.js: a container command must not pay for loading the compose loader.
  ['cli', (t) => t === 'index.js' || t === 'errors.js' || /^engine\/[a-z-]+\/index\.js$/.test(t) || t === 'networking/index.js' || t.startsWith('cli/'), 'cli/ imports only public entries'],
  ['compose-schema', (t) => t === 'errors.js' || t.startsWith('compose-schema/'), 'compose-schema/ stands alone'],
  ['planner', (t) => t === 'errors.js' || t.startsWith('planner/') || t.startsWith('compose-schema/') || t.startsWith('engine/') || t.startsWith('networking/'), 'planner/ never imports cli/'],
  // The engine API (engine/engine.ts) wires networking in: networking never imports the engine.
  ['engine', (t) => t === 'errors.js' || t.startsWith('engine/') || t === 'networking/index.js', 'engine/ knows nothing of compose'],
  // The state store's generic pieces (atomic writes, locks, paths) are shared; containers are not.
  ['networking', (t) => t === 'errors.js' || t.startsWith('networking/') || t.startsWith('engine/state/'), 'networking/ knows nothing of compose or containers'],
];

describe('module boundaries', () => {
  it.each(rules)('%s', (folder, allowed, why) => {
    const violations = sourceFiles(folder)
      .filter((file) => file !== snapshotEntry)
      .flatMap((file) =>
        importsOf(file)
          .filter((target) => !allowed(target))
          .map((target) => `${relative(root, file)} -> ${target}`),
      );
    expect(violations, why).toEqual([]);
  });
});
