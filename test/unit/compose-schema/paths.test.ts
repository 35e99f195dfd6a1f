import { describe, expect, it } from 'vitest';
import { resolveRelativePaths } from '../../../compose-schema/paths.js';

const ctx = { baseDir: '/proj', lookup: (name: string) => (name === 'HOME' ? '/home/me' : undefined) };

describe('resolveRelativePaths', () => {
  it('resolves build contexts but leaves remote ones alone', () => {
    const out = resolveRelativePaths(
      {
        services: {
          a: { build: '.' },
          b: { build: { context: './b', dockerfile: 'Dockerfile.dev', additional_contexts: { x: '../x', img: 'docker-image://alpine' } } },
          c: { build: 'https://github.com/o/r.git#main' },
        },
      },
      ctx,
    );
    expect(out['services']).toEqual({
      a: { build: '/proj' },
      b: { build: { context: '/proj/b', dockerfile: 'Dockerfile.dev', additional_contexts: { x: '/x', img: 'docker-image://alpine' } } },
      c: { build: 'https://github.com/o/r.git#main' },
    });
  });

  it('resolves bind sources in short and long volume syntax, not named volumes', () => {
    const out = resolveRelativePaths(
      { services: { a: { volumes: ['./data:/data:ro', 'named:/n', '/abs:/abs', '~/cache:/c', '/anon', { type: 'bind', source: 'rel', target: '/r' }, { type: 'volume', source: 'v', target: '/v' }] } } },
      ctx,
    );
    expect(out['services']).toEqual({
      a: { volumes: ['/proj/data:/data:ro', 'named:/n', '/abs:/abs', '/home/me/cache:/c', '/anon', { type: 'bind', source: '/proj/rel', target: '/r' }, { type: 'volume', source: 'v', target: '/v' }] },
    });
  });

  it('resolves env_file, label_file, extends.file, develop.watch paths and secret/config files', () => {
    const out = resolveRelativePaths(
      {
        services: { a: { env_file: ['a.env', { path: './b.env', required: false }], label_file: 'l', extends: { service: 'x', file: 'base.yaml' }, develop: { watch: [{ path: './src', action: 'sync', target: '/app' }] } } },
        secrets: { s: { file: './secret.txt' } },
        configs: { c: { file: 'conf' }, e: { external: true } },
      },
      ctx,
    );
    expect(out).toEqual({
      services: { a: { env_file: ['/proj/a.env', { path: '/proj/b.env', required: false }], label_file: '/proj/l', extends: { service: 'x', file: '/proj/base.yaml' }, develop: { watch: [{ path: '/proj/src', action: 'sync', target: '/app' }] } } },
      secrets: { s: { file: '/proj/secret.txt' } },
      configs: { c: { file: '/proj/conf' }, e: { external: true } },
    });
  });

  it('does not change its input', () => {
    const input = { services: { a: { volumes: ['./x:/x'] } } };
    resolveRelativePaths(input, ctx);
    expect(input).toEqual({ services: { a: { volumes: ['./x:/x'] } } });
  });
});
