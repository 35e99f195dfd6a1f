import { describe, expect, it } from 'vitest';
import { normalizeProjectName, resolveProjectName } from '../../../compose-schema/project-name.js';

describe('project name', () => {
  it('takes -p over COMPOSE_PROJECT_NAME over name: over the folder', () => {
    const all = { flag: 'a', variable: 'b', fromFile: { name: 'c' }, projectDirectory: '/x/d' };
    expect(resolveProjectName(all)).toBe('a');
    expect(resolveProjectName({ ...all, flag: undefined })).toBe('b');
    expect(resolveProjectName({ ...all, flag: undefined, variable: undefined })).toBe('c');
    expect(resolveProjectName({ projectDirectory: '/x/d' })).toBe('d');
  });

  it('normalizes a folder name', () => {
    expect(normalizeProjectName('_My App.v2-')).toBe('myappv2-');
    expect(normalizeProjectName('--__x')).toBe('x');
    expect(resolveProjectName({ projectDirectory: '/src/My.Project' })).toBe('myproject');
  });

  it('refuses an explicit name that is not already normal', () => {
    expect(() => resolveProjectName({ flag: 'My App', projectDirectory: '/x' })).toThrow(
      'invalid project name "My App" (from the -p flag): use only lowercase letters, digits, "_" and "-", starting with a letter or digit',
    );
    expect(() => resolveProjectName({ fromFile: { name: '-x', pos: { file: 'c.yaml', line: 1, column: 1 } }, projectDirectory: '/x' })).toThrow(
      /from the top-level name/,
    );
  });

  it('refuses a folder name with nothing usable in it', () => {
    expect(() => resolveProjectName({ projectDirectory: '/x/___' })).toThrow('cannot derive a project name from the folder name "___"');
  });
});
