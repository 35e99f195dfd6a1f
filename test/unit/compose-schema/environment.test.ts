import { describe, expect, it } from 'vitest';
import { buildEnvironment, environmentEntries, environmentLookup } from '../../../compose-schema/environment.js';

function files(map: Record<string, string>) {
  return (path: string) => map[path];
}

describe('buildEnvironment', () => {
  it('reads <dir>/.env and lets the shell win', () => {
    const env = buildEnvironment({
      shell: { A: 'shell' },
      envFiles: [],
      workingDir: '/w',
      defaultDir: '/p',
      readText: files({ '/p/.env': 'A=file\nB=${A}-b\n' }),
    });
    const lookup = environmentLookup(env);
    expect(lookup('A')).toBe('shell');
    // A value in the file expands against the shell first.
    expect(lookup('B')).toBe('shell-b');
    expect(env.files).toEqual(['/p/.env']);
  });

  it('reads --env-file files in order instead of .env, relative to the working directory', () => {
    const env = buildEnvironment({
      shell: {},
      envFiles: ['a.env', '/abs/b.env'],
      workingDir: '/w',
      defaultDir: '/p',
      readText: files({ '/p/.env': 'X=dotenv', '/w/a.env': 'X=a\nY=${X}', '/abs/b.env': 'X=b' }),
    });
    expect(environmentEntries(env)).toEqual([
      ['X', 'b'],
      ['Y', 'a'],
    ]);
  });

  it('takes COMPOSE_ENV_FILES when no --env-file is given', () => {
    const env = buildEnvironment({
      shell: { COMPOSE_ENV_FILES: 'one.env, two.env' },
      envFiles: [],
      workingDir: '/w',
      defaultDir: '/p',
      readText: files({ '/w/one.env': 'N=1', '/w/two.env': 'N=2' }),
    });
    expect(environmentLookup(env)('N')).toBe('2');
  });

  it('skips .env when COMPOSE_DISABLE_ENV_FILE is true', () => {
    const env = buildEnvironment({
      shell: { COMPOSE_DISABLE_ENV_FILE: 'true' },
      envFiles: [],
      workingDir: '/w',
      defaultDir: '/p',
      readText: files({ '/p/.env': 'X=1' }),
    });
    expect(environmentLookup(env)('X')).toBeUndefined();
  });

  it('refuses a missing --env-file but not a missing .env', () => {
    const input = { shell: {}, workingDir: '/w', defaultDir: '/p', readText: files({}) };
    expect(buildEnvironment({ ...input, envFiles: [] }).files).toEqual([]);
    expect(() => buildEnvironment({ ...input, envFiles: ['gone.env'] })).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_FILE_NOT_FOUND', message: 'env file not found: /w/gone.env' }),
    );
  });
});
