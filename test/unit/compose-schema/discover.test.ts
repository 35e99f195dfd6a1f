import { describe, expect, it } from 'vitest';
import { discoverFiles, type FileProbe } from '../../../compose-schema/discover.js';

const probe = (...files: string[]): FileProbe => ({ isFile: (p) => files.includes(p) });

describe('discoverFiles', () => {
  it('finds compose.yaml in the working directory, with its override', () => {
    const found = discoverFiles({ files: [], workingDir: '/p' }, probe('/p/compose.yaml', '/p/compose.override.yaml'));
    expect(found).toEqual({ files: ['/p/compose.yaml', '/p/compose.override.yaml'], projectDirectory: '/p', warnings: [] });
  });

  it('looks upward and pairs docker-compose.yml with docker-compose.override.yml', () => {
    const found = discoverFiles({ files: [], workingDir: '/p/a/b' }, probe('/p/docker-compose.yml', '/p/docker-compose.override.yml'));
    expect(found.files).toEqual(['/p/docker-compose.yml', '/p/docker-compose.override.yml']);
    expect(found.projectDirectory).toBe('/p');
  });

  it('prefers compose.yaml and warns when several names exist', () => {
    const found = discoverFiles({ files: [], workingDir: '/p' }, probe('/p/compose.yaml', '/p/docker-compose.yml'));
    expect(found.files).toEqual(['/p/compose.yaml']);
    expect(found.warnings).toEqual(['Found multiple config files with supported names: /p/compose.yaml, /p/docker-compose.yml. Using compose.yaml']);
  });

  it('takes -f files relative to the working directory, without overrides', () => {
    const found = discoverFiles({ files: ['conf/a.yaml', '/abs/b.yaml'], workingDir: '/p' }, probe('/p/conf/a.yaml', '/abs/b.yaml', '/p/conf/a.override.yaml'));
    expect(found.files).toEqual(['/p/conf/a.yaml', '/abs/b.yaml']);
    expect(found.projectDirectory).toBe('/p/conf');
  });

  it('splits COMPOSE_FILE by COMPOSE_PATH_SEPARATOR', () => {
    const found = discoverFiles({ files: [], composeFileVar: 'a.yaml;b.yaml', pathSeparator: ';', workingDir: '/p' }, probe('/p/a.yaml', '/p/b.yaml'));
    expect(found.files).toEqual(['/p/a.yaml', '/p/b.yaml']);
  });

  it('lets -f win over COMPOSE_FILE and --project-directory set the directory', () => {
    const found = discoverFiles({ files: ['x.yaml'], composeFileVar: 'a.yaml', workingDir: '/p', projectDirectory: '../q' }, probe('/p/x.yaml'));
    expect(found).toMatchObject({ files: ['/p/x.yaml'], projectDirectory: '/q' });
  });

  it('uses the working directory as project directory for stdin', () => {
    expect(discoverFiles({ files: ['-'], workingDir: '/p' }, probe()).projectDirectory).toBe('/p');
  });

  it('names a missing -f file', () => {
    expect(() => discoverFiles({ files: ['nope.yaml'], workingDir: '/p' }, probe())).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_FILE_NOT_FOUND', message: 'compose file not found: /p/nope.yaml' }),
    );
  });

  it('tells a folder given as -f from a missing file', () => {
    const withFolder = { isFile: () => false, exists: (p: string) => p === '/p/conf' };
    expect(() => discoverFiles({ files: ['conf'], workingDir: '/p' }, withFolder)).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_COMPOSE_FILE_UNREADABLE', message: 'compose file is not a regular file: /p/conf' }),
    );
  });

  it('says where it looked when nothing is found', () => {
    expect(() => discoverFiles({ files: [], workingDir: '/p/q' }, probe())).toThrow(
      /^no compose file found in \/p\/q or any parent directory \(looked for compose.yaml, compose.yml, docker-compose.yml, docker-compose.yaml\)$/,
    );
  });
});
