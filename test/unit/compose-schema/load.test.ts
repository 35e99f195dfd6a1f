// The whole pipeline in process, on files held in memory through LoaderIO.
import { describe, expect, it } from 'vitest';
import { loadProject, type LoaderIO } from '../../../index.js';

function memoryIO(files: Record<string, string>): LoaderIO {
  return {
    isFile: (path) => path in files,
    exists: (path) => path in files,
    readCompose: (path) => {
      if (!(path in files)) throw new Error(`unexpected read of ${path}`);
      return files[path]!;
    },
    readOptional: (path) => files[path],
    readStdin: () => '',
  };
}

describe('loadProject', () => {
  it('discovers, merges, interpolates and normalizes without touching the disk', () => {
    const warnings: string[] = [];
    const io = memoryIO({
      '/srv/shop/compose.yaml': 'services:\n  web:\n    image: web:${TAG}\n    ports: ["8080:80"]\n    profiles: [front]\n  db:\n    image: pg:${PG:-16}\n',
      '/srv/shop/compose.override.yaml': 'services:\n  web:\n    environment: ["MODE=${MODE}"]\n',
      '/srv/shop/.env': 'TAG=2\n',
    });
    const loaded = loadProject({ workingDir: '/srv/shop', environment: {}, io, onWarning: (w) => warnings.push(w), profiles: ['front'] });
    expect(loaded.files).toEqual(['/srv/shop/compose.yaml', '/srv/shop/compose.override.yaml']);
    expect(loaded.project.name).toBe('shop');
    expect(loaded.project.services['web']).toMatchObject({ image: 'web:2', environment: { MODE: '' }, ports: [{ target: 80, published: '8080' }] });
    expect(loaded.project.services['db']!.image).toBe('pg:16');
    expect(loaded.profiles).toEqual(['front']);
    expect(warnings).toEqual(['The "MODE" variable is not set. Defaulting to a blank string.']);
  });

  it('leaves out services of inactive profiles and reports them', () => {
    const io = memoryIO({ '/p/compose.yaml': 'services:\n  a:\n    image: a\n  b:\n    image: b\n    profiles: [x]\n' });
    const loaded = loadProject({ workingDir: '/p', environment: {}, io });
    expect(Object.keys(loaded.project.services)).toEqual(['a']);
    expect(loaded.disabledServices).toEqual(['b']);
  });

  it('points an error in an override file at that file', () => {
    const io = memoryIO({
      '/p/compose.yaml': 'services:\n  a:\n    image: a\n',
      '/p/compose.override.yaml': 'services:\n  a:\n    depends_on: [ghost]\n',
    });
    expect(() => loadProject({ workingDir: '/p', environment: {}, io })).toThrow(
      expect.objectContaining({ message: 'services.a.depends_on: service "ghost" is not defined', pos: { file: '/p/compose.override.yaml', line: 3, column: 5 } }),
    );
  });

  const environment = (count: number) => Array.from({ length: count }, (_, i) => `      VAR_${i}: value-${i}`).join('\n');

  it('loads a service with 100,000 environment entries', { timeout: 60_000 }, () => {
    const io = memoryIO({ '/big/compose.yaml': `services:\n  web:\n    image: nginx\n    environment:\n${environment(100_000)}\n` });
    const env = loadProject({ workingDir: '/big', environment: {}, io }).project.services['web']!.environment ?? {};
    expect(Object.keys(env)).toHaveLength(100_000);
    expect(env['VAR_99999']).toBe('value-99999');
  });

  it('reports a duplicate among 100,000 environment entries at its line', { timeout: 60_000 }, () => {
    const io = memoryIO({ '/big/compose.yaml': `services:\n  web:\n    image: nginx\n    environment:\n${environment(100_000)}\n      VAR_7: again\n` });
    expect(() => loadProject({ workingDir: '/big', environment: {}, io })).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_YAML', message: 'duplicate key in mapping', pos: { file: '/big/compose.yaml', line: 100_005, column: 7 } }),
    );
  });

  it('refuses a file near the size limit made of tiny values, naming the file', { timeout: 60_000 }, () => {
    const text = `services:\n  web:\n    image: nginx\n    environment:\n${environment(1_000_000)}\n`;
    expect(text.length).toBeGreaterThan(28 * 1024 * 1024);
    const io = memoryIO({ '/big/compose.yaml': text });
    expect(() => loadProject({ workingDir: '/big', environment: {}, io })).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_YAML', message: expect.stringMatching(/^the file has more than [\d,]+ YAML nodes/), pos: expect.objectContaining({ file: '/big/compose.yaml' }) }),
    );
  });
});
