import { describe, expect, it } from 'vitest';
import { addIncluded, readIncludeEntries } from '../../../compose-schema/include.js';
import { ComposeError } from '../../../errors.js';

const locate = () => ({ file: '/p/compose.yaml', line: 2, column: 5 });

describe('readIncludeEntries', () => {
  it('reads the short and the long form against the including file', () => {
    expect(readIncludeEntries(['db/compose.yaml', { path: ['a/x.yaml', 'a/y.yaml'], project_directory: '..', env_file: 'a.env' }], '/p')).toEqual([
      { index: 0, files: ['/p/db/compose.yaml'], projectDirectory: '/p/db', envFiles: [] },
      { index: 1, files: ['/p/a/x.yaml', '/p/a/y.yaml'], projectDirectory: '/', envFiles: ['/p/a.env'] },
    ]);
  });
});

describe('addIncluded', () => {
  const entry = { index: 0, files: ['/p/db/compose.yaml'], projectDirectory: '/p/db', envFiles: [] };

  it('adds included resources and drops the include key', () => {
    const out = addIncluded({ include: ['db/compose.yaml'], services: { app: { image: 'app' } } }, [{ entry, tree: { services: { db: { image: 'pg' } }, volumes: { data: {} } } }], locate);
    expect(out).toEqual({ services: { app: { image: 'app' }, db: { image: 'pg' } }, volumes: { data: {} } });
  });

  it('accepts an identical definition on both sides', () => {
    const out = addIncluded({ services: { db: { image: 'pg' } } }, [{ entry, tree: { services: { db: { image: 'pg' } } } }], locate);
    expect(out).toEqual({ services: { db: { image: 'pg' } } });
  });

  it('refuses a clash, naming the resource and the included file', () => {
    const clash = () => addIncluded({ services: { db: { image: 'mysql' } } }, [{ entry, tree: { services: { db: { image: 'pg' } } } }], locate);
    expect(clash).toThrow(ComposeError);
    expect(clash).toThrow(
      expect.objectContaining({
        code: 'FLOTILLA_COMPOSE_INCLUDE_CONFLICT',
        message: 'services.db included from /p/db/compose.yaml conflicts with the one defined here',
        pos: { file: '/p/compose.yaml', line: 2, column: 5 },
      }),
    );
  });
});
