import { describe, expect, it } from 'vitest';
import { castTree } from '../../../compose-schema/cast.js';
import { SourceMap } from '../../../compose-schema/tree.js';

const sourceMap = new SourceMap('compose.yaml');
sourceMap.set(['services', 'web', 'read_only'], 6, 5);

describe('castTree', () => {
  it('casts strings at typed paths and leaves the rest', () => {
    const tree = {
      services: {
        web: {
          read_only: 'TRUE',
          tty: 'no',
          cpus: '0.5',
          scale: '3',
          image: '123',
          ports: ['80:80', { target: '8080', published: '9090' }],
          ulimits: { nofile: '1024', nproc: { soft: '1', hard: '2' } },
          deploy: { replicas: '2' },
          depends_on: { db: { condition: 'service_started', required: 'false' } },
        },
      },
      networks: { front: { external: 'true' } },
    };
    expect(castTree(tree, sourceMap)).toEqual({
      services: {
        web: {
          read_only: true,
          tty: false,
          cpus: 0.5,
          scale: 3,
          image: '123',
          ports: ['80:80', { target: 8080, published: '9090' }],
          ulimits: { nofile: 1024, nproc: { soft: 1, hard: 2 } },
          deploy: { replicas: 2 },
          depends_on: { db: { condition: 'service_started', required: false } },
        },
      },
      networks: { front: { external: true } },
    });
  });

  it('names the path, the expectation and the position of a value that does not cast', () => {
    expect(() => castTree({ services: { web: { read_only: 'maybe' } } }, sourceMap)).toThrow(
      expect.objectContaining({
        code: 'FLOTILLA_COMPOSE_INVALID_VALUE',
        message: 'services.web.read_only: expected a boolean, got "maybe"',
        pos: { file: 'compose.yaml', line: 6, column: 5 },
      }),
    );
    expect(() => castTree({ services: { web: { scale: '1.5' } } }, sourceMap)).toThrow('services.web.scale: expected an integer, got "1.5"');
  });
});
