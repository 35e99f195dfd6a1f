import { describe, expect, it } from 'vitest';
import { At } from '../../../compose-schema/normalize-context.js';
import { parseRaw, serviceEnvironment, serviceLabels } from '../../../compose-schema/normalize-env.js';
import { formatPath, type Lookup, type TreeMap, type TreePath } from '../../../compose-schema/tree.js';

const locate = (path: TreePath) => ({ file: formatPath(path), line: 1, column: 1 });
const at = new At(['services', 'web'], { locate });

const files: Record<string, string> = {
  '/p/a.env': 'A=from-a\nB=from-a\nREF=${SHELL_VAR}-${OWN}\n',
  '/p/b.env': 'B=from-b\nHIDDEN=from-b\n',
  '/p/raw.env': '\uFEFF# comment\nQ="quoted" ${NOT_EXPANDED}\n  SPACED=x\nSHELL_VAR\nUNSET_VAR\n',
  '/p/labels': 'tier=front\n',
  '/p/labels2': 'copy=${tier}\n',
};

// A minimal dotenv: KEY=VALUE lines, `${NAME}` read through the lookup it is given.
function parseEnvFile(text: string, _file: string, lookup: Lookup): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of text.split('\n').filter((l) => l.includes('='))) {
    const [key, value] = [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)];
    vars.set(key, value.replace(/\$\{(\w+)\}/g, (_, name: string) => lookup(name) ?? `<${name} unset>`));
  }
  return vars;
}

const ctx = {
  lookup: (name: string) => ({ SHELL_VAR: 'shell' })[name],
  readEnvFile: (path: string) => files[path],
  parseEnvFile,
};
const environment = (svc: TreeMap) => serviceEnvironment(svc, ctx, at);

describe('serviceEnvironment', () => {
  it('puts env_file values under the service entries, later files winning', () => {
    expect(environment({ env_file: ['/p/a.env', '/p/b.env'], environment: { OWN: 'mine', A: 'own' } })).toEqual({
      A: 'own',
      B: 'from-b',
      HIDDEN: 'from-b',
      OWN: 'mine',
      REF: 'shell-mine',
    });
  });

  it('fills entries without a value from the environment, and keeps unset ones as null over a file value', () => {
    expect(environment({ env_file: '/p/b.env', environment: ['SHELL_VAR', 'HIDDEN', 'EMPTY=', 'N=1'] })).toEqual({
      B: 'from-b',
      EMPTY: '',
      HIDDEN: null,
      N: '1',
      SHELL_VAR: 'shell',
    });
    expect(environment({ environment: { FLAG: true, NUM: 3, NONE: null } })).toEqual({ FLAG: 'true', NUM: '3', NONE: null });
  });

  it('skips a missing optional file and leaves out an empty environment', () => {
    expect(environment({ env_file: [{ path: '/p/missing.env', required: false }] })).toBeUndefined();
    expect(environment({ env_file: [{ path: '/p/b.env', required: true }] })).toEqual({ B: 'from-b', HIDDEN: 'from-b' });
  });

  it.each<[TreeMap, string, string, string]>([
    [{ env_file: '/p/missing.env' }, 'services.web.env_file', 'env file /p/missing.env not found', 'FLOTILLA_COMPOSE_FILE_NOT_FOUND'],
    [{ env_file: ['/p/a.env', '/p/missing.env'] }, 'services.web.env_file[1]', 'env file /p/missing.env not found', 'FLOTILLA_COMPOSE_FILE_NOT_FOUND'],
    [{ env_file: [{ path: '/p/a.env', format: 'ini' }] }, 'services.web.env_file[0]', 'unsupported env_file format "ini": use ".env" or "raw"', 'FLOTILLA_COMPOSE_INVALID_VALUE'],
    [{ environment: ['OK=1', 'A =1'] }, 'services.web.environment[1]', 'environment variable "A " is declared with a trailing space', 'FLOTILLA_COMPOSE_INVALID_VALUE'],
  ])('refuses %j', (svc, path, message, code) => {
    expect(() => environment(svc)).toThrow(expect.objectContaining({ code, message: `${path}: ${message}`, pos: { file: path, line: 1, column: 1 } }));
  });
});

describe('raw env files', () => {
  it('takes values literally and bare names from the environment', () => {
    expect(environment({ env_file: [{ path: '/p/raw.env', format: 'raw' }] })).toEqual({ Q: '"quoted" ${NOT_EXPANDED}', SPACED: 'x', SHELL_VAR: 'shell' });
  });

  it('refuses a line without a name or with spaces in it', () => {
    expect(() => parseRaw('=x', () => undefined, at)).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_ENV_FILE', message: 'services.web: invalid line "=x" in raw env file: no variable name, or spaces in it' }),
    );
    expect(() => parseRaw('A B=x', () => undefined, at)).toThrow('invalid line "A B=x"');
  });
});

describe('serviceLabels', () => {
  it('reads label files under the service labels', () => {
    expect(serviceLabels({ label_file: ['/p/labels', '/p/labels2'], labels: ['tier=back', 'bare'] }, ctx, at)).toEqual({ bare: '', copy: 'front', tier: 'back' });
    expect(serviceLabels({ label_file: '/p/labels' }, ctx, at)).toEqual({ tier: 'front' });
    expect(serviceLabels({ labels: { a: 1, b: null, c: false } }, ctx, at)).toEqual({ a: '1', b: '', c: 'false' });
    expect(serviceLabels({}, ctx, at)).toBeUndefined();
  });

  it('refuses a missing label file', () => {
    expect(() => serviceLabels({ label_file: ['/p/labels', '/p/nope'] }, ctx, at)).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_FILE_NOT_FOUND', message: 'services.web.label_file[1]: label file /p/nope not found' }),
    );
  });
});
