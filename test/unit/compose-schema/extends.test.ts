import { describe, expect, it } from 'vitest';
import { resolveExtends, type ExtendableFile } from '../../../compose-schema/extends.js';
import { parseComposeYaml } from '../../../compose-schema/parse.js';

function file(path: string, text: string): ExtendableFile {
  const parsed = parseComposeYaml(text, path);
  return { ...parsed, locate: (p) => parsed.sourceMap.lookup(p) };
}

const noFiles = (path: string): ExtendableFile => {
  throw new Error(`unexpected load of ${path}`);
};

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

  it('loads a base from another file, resolving that file\'s own extends', () => {
    const other = file('/p/common.yaml', 'services:\n  root:\n    image: r\n    tty: true\n  web:\n    extends: root\n    ports: ["80:80"]\n');
    const loads: string[] = [];
    const tree = resolveExtends(file('/p/compose.yaml', 'services:\n  app:\n    extends:\n      file: /p/common.yaml\n      service: web\n    ports: ["81:81"]\n'), (path) => {
      loads.push(path);
      return other;
    });
    expect(tree['services']).toEqual({ app: { image: 'r', tty: true, ports: ['80:80', '81:81'] } });
    expect(loads).toEqual(['/p/common.yaml']);
  });

  it('honours !reset on an inherited value', () => {
    const tree = resolveExtends(file('/p/c.yaml', 'services:\n  base:\n    image: b\n    command: [x]\n  app:\n    extends: base\n    command: !reset []\n'), noFiles);
    expect(tree['services']).toMatchObject({ app: { image: 'b' } });
    expect((tree['services'] as Record<string, object>)['app']).not.toHaveProperty('command');
  });

  it('reports a cycle in a stable order with its position', () => {
    const run = () => resolveExtends(file('/p/compose.yaml', 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n'), noFiles);
    expect(run).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_CYCLE', message: 'extends cycle: a -> b -> a', pos: expect.objectContaining({ line: 3, column: 5 }) }));
  });

  it('names a missing base service and the file it was looked for in', () => {
    const run = () => resolveExtends(file('/p/compose.yaml', 'services:\n  a:\n    extends: nope\n'), noFiles);
    expect(run).toThrow(expect.objectContaining({ code: 'FLOTILLA_COMPOSE_EXTENDS', message: 'services.a.extends: service "nope" not found in compose.yaml' }));
  });
});
