import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ComposeError } from '../../../errors.js';
import { MAX_EXTENDED_NODES, MAX_EXTENDS_DEPTH, resolveExtends, type ExtendableFile } from '../../../compose-schema/extends.js';
import { parseComposeYaml } from '../../../compose-schema/parse.js';
import type { TreeMap } from '../../../compose-schema/tree.js';

function file(path: string, text: string): ExtendableFile {
  const parsed = parseComposeYaml(text, path);
  return { file: parsed.file, tree: parsed.tree, tags: parsed.tags, locate: (p) => parsed.sourceMap.lookup(p) };
}

const noFiles = (path: string): ExtendableFile => {
  throw new Error(`unexpected load of ${path}`);
};

/** A loadFile over a fixed set of files that records what it was asked for. */
function filesLoader(...files: ExtendableFile[]) {
  const loads: string[] = [];
  const load = (path: string) => {
    loads.push(path);
    const found = files.find((f) => f.file === path);
    if (!found) throw new Error(`no file ${path}`);
    return found;
  };
  return { load, loads };
}

function thrown(run: () => unknown): ComposeError {
  try {
    run();
  } catch (error) {
    if (error instanceof ComposeError) return error;
    throw error;
  }
  throw new Error('expected a ComposeError');
}

describe('resolveExtends', () => {
  it('applies a chain within one file, the extending service winning', () => {
    const tree = resolveExtends(
      file('/p/compose.yaml', 'services:\n  base:\n    image: b\n    environment: [A=1, B=1]\n  mid:\n    extends: base\n    environment: {B: "2"}\n  leaf:\n    extends: {service: mid}\n    image: l\n'),
      noFiles,
    );
    expect(tree['services']).toEqual({
      base: { image: 'b', environment: ['A=1', 'B=1'] },
      mid: { image: 'b', environment: { A: '1', B: '2' } },
      leaf: { image: 'l', environment: { A: '1', B: '2' } },
    });
  });

  it('merges by the service merge rules', () => {
    const tree = resolveExtends(
      file('/p/compose.yaml', 'services:\n  base:\n    image: b\n    command: [a]\n    ports: ["80:80", "81:81"]\n  web:\n    extends: base\n    command: [b]\n    ports: [{target: 80, published: 80}]\n'),
      noFiles,
    );
    expect((tree['services'] as Record<string, unknown>)['web']).toEqual({ image: 'b', command: ['b'], ports: [{ target: 80, published: 80 }, '81:81'] });
  });

  it('inherits everything, dependencies included', () => {
    const tree = resolveExtends(
      file('/p/compose.yaml', 'services:\n  db:\n    image: pg\n  base:\n    image: b\n    depends_on: [db]\n    volumes_from: [db]\n    network_mode: "service:db"\n  web:\n    extends: base\n'),
      noFiles,
    );
    expect((tree['services'] as Record<string, unknown>)['web']).toEqual({ image: 'b', depends_on: ['db'], volumes_from: ['db'], network_mode: 'service:db' });
  });

  it("loads a base from another file once, resolving that file's own extends", () => {
    const common = file('/p/common.yaml', 'services:\n  root:\n    image: r\n    tty: true\n  web:\n    extends: root\n    ports: ["80:80"]\n');
    const { load, loads } = filesLoader(common);
    const main = file(
      '/p/compose.yaml',
      'services:\n  app:\n    extends:\n      file: /p/common.yaml\n      service: web\n    ports: ["81:81"]\n  worker:\n    extends: {file: /p/common.yaml, service: root}\n    command: [work]\n',
    );
    expect(resolveExtends(main, load)['services']).toEqual({
      app: { image: 'r', tty: true, ports: ['80:80', '81:81'] },
      worker: { image: 'r', tty: true, command: ['work'] },
    });
    expect(loads).toEqual(['/p/common.yaml']);
  });

  it('treats a file naming itself as the same file', () => {
    const tree = resolveExtends(file('/p/compose.yaml', 'services:\n  base:\n    image: b\n  web:\n    extends: {file: /p/compose.yaml, service: base}\n'), noFiles);
    expect((tree['services'] as Record<string, unknown>)['web']).toEqual({ image: 'b' });
  });

  it("honours the extending file's !reset and !override", () => {
    const tree = resolveExtends(
      file('/p/c.yaml', 'services:\n  base:\n    image: b\n    command: [x]\n    ports: ["80:80"]\n  app:\n    extends: base\n    command: !reset []\n    ports: !override ["81:81"]\n'),
      noFiles,
    );
    expect((tree['services'] as Record<string, unknown>)['app']).toEqual({ image: 'b', ports: ['81:81'] });
  });

  it('extends an empty base service', () => {
    const tree = resolveExtends(file('/p/c.yaml', 'services:\n  base:\n  app:\n    extends: base\n    image: a\n'), noFiles);
    expect(tree['services']).toEqual({ base: null, app: { image: 'a' } });
  });

  it('returns the same tree when nothing extends, and never changes its input', () => {
    const plain = file('/p/c.yaml', 'services:\n  a:\n    image: x\n');
    expect(resolveExtends(plain, noFiles)).toBe(plain.tree);
    const text = 'services:\n  base:\n    image: b\n    ports: ["80:80"]\n  app:\n    extends: base\n    ports: ["81:81"]\n';
    const withExtends = file('/p/c.yaml', text);
    resolveExtends(withExtends, noFiles);
    expect(withExtends.tree).toEqual(parse(text));
  });

  it('reports a cycle from its first service, at its extends', () => {
    const error = thrown(() => resolveExtends(file('/p/compose.yaml', 'services:\n  c:\n    extends: a\n  b:\n    extends: c\n  a:\n    image: x\n    extends: b\n'), noFiles));
    expect(error.code).toBe('FLOTILLA_COMPOSE_CYCLE');
    expect(error.message).toBe('extends cycle: a -> b -> c -> a');
    expect(error.pos).toEqual({ file: '/p/compose.yaml', line: 8, column: 5 });
  });

  it('reports a service extending itself', () => {
    const error = thrown(() => resolveExtends(file('/p/compose.yaml', 'services:\n  a:\n    extends: a\n'), noFiles));
    expect([error.code, error.message, error.pos?.line]).toEqual(['FLOTILLA_COMPOSE_CYCLE', 'extends cycle: a -> a', 3]);
  });

  it('names the files of a cycle that crosses files', () => {
    const common = file('/p/lib/common.yaml', 'services:\n  base:\n    extends: {file: /p/compose.yaml, service: web}\n');
    const { load } = filesLoader(common);
    const main = file('/p/compose.yaml', 'services:\n  web:\n    extends:\n      file: /p/lib/common.yaml\n      service: base\n');
    const error = thrown(() => resolveExtends(main, load));
    expect([error.code, error.message]).toEqual(['FLOTILLA_COMPOSE_CYCLE', 'extends cycle: web -> base (common.yaml) -> web']);
    expect(error.pos).toEqual({ file: '/p/compose.yaml', line: 3, column: 5 });
  });

  it('names a missing base service and the file it was looked for in', () => {
    const error = thrown(() => resolveExtends(file('/p/compose.yaml', 'services:\n  web:\n    extends: bse\n  base:\n    image: x\n'), noFiles));
    expect(error.code).toBe('FLOTILLA_COMPOSE_EXTENDS');
    expect(error.message).toBe('services.web.extends: service "bse" not found in compose.yaml');
    expect(error.pos).toEqual({ file: '/p/compose.yaml', line: 3, column: 5 });
  });

  it('points at `service` when a base is missing from another file', () => {
    const { load } = filesLoader(file('/p/common.yaml', 'services:\n  other:\n    image: o\n'));
    const main = file('/p/compose.yaml', 'services:\n  web:\n    extends:\n      file: /p/common.yaml\n      service: base\n');
    const error = thrown(() => resolveExtends(main, load));
    expect([error.code, error.message]).toEqual(['FLOTILLA_COMPOSE_EXTENDS', 'services.web.extends: service "base" not found in common.yaml']);
    expect(error.pos).toEqual({ file: '/p/compose.yaml', line: 5, column: 7 });
  });

  // `c<chain>s<i>` extends `c<chain>s<i-1>`, each adding its own labels.
  function chains(count: number, length: number, labels: number): string {
    const lines = ['services:'];
    const own = `{${Array.from({ length: labels }, (_, j) => `l${j}: v`).join(', ')}}`;
    for (let c = 0; c < count; c++) {
      lines.push(`  c${c}s0:`, '    image: x');
      for (let i = 1; i < length; i++) lines.push(`  c${c}s${i}:`, `    extends: c${c}s${i - 1}`, `    labels: ${own.replaceAll(': v', `: v${i}`)}`);
    }
    return lines.join('\n') + '\n';
  }

  it(`applies a chain of ${MAX_EXTENDS_DEPTH} links and refuses a longer one, naming the service`, () => {
    const tree = resolveExtends(file('/p/c.yaml', chains(1, MAX_EXTENDS_DEPTH + 1, 1)), noFiles);
    expect((tree['services'] as TreeMap)[`c0s${MAX_EXTENDS_DEPTH}`]).toEqual({ image: 'x', labels: { l0: `v${MAX_EXTENDS_DEPTH}` } });
    const error = thrown(() => resolveExtends(file('/p/c.yaml', chains(1, MAX_EXTENDS_DEPTH + 2, 1)), noFiles));
    expect(error.code).toBe('FLOTILLA_COMPOSE_EXTENDS');
    expect(error.message).toBe(`services.c0s${MAX_EXTENDS_DEPTH + 1}.extends: the chain of extends is longer than ${MAX_EXTENDS_DEPTH} services`);
    expect(error.pos).toEqual({ file: '/p/c.yaml', line: 3 * MAX_EXTENDS_DEPTH + 5, column: 5 });
    // Resolved from its far end, a chain of thousands stops before the stack's limit.
    expect(thrown(() => resolveExtends(file('/p/c.yaml', chains(1, 20_000, 1)), noFiles)).message).toMatch(/the chain of extends is longer than/);
  });

  it(`refuses services that extends would make larger than ${MAX_EXTENDED_NODES} nodes together`, () => {
    const error = thrown(() => resolveExtends(file('/p/c.yaml', chains(20, 60, 50)), noFiles));
    expect(error.code).toBe('FLOTILLA_COMPOSE_EXTENDS');
    expect(error.message).toMatch(/^services\.c\d+s\d+\.extends: the services extends makes hold more than 1,000,000 nodes$/);
  });
});
