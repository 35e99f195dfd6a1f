import { mkdtempSync, readFileSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findCredentials, removeCredentials, saveCredentials } from '../../../../engine/registry/credentials.js';

const home = () => {
  const dir = mkdtempSync(join(tmpdir(), 'flotilla-docker-config-'));
  return { DOCKER_CONFIG: dir };
};

describe('docker config credentials', () => {
  it('saves, finds and removes credentials, keeping the file\'s other fields and its privacy', () => {
    const env = home();
    writeFileSync(join(env.DOCKER_CONFIG, 'config.json'), JSON.stringify({ credsStore: 'desktop', auths: { 'other:1': { auth: 'eDp5' } } }));
    saveCredentials('reg.lan:5000', { username: 'ann', password: 'p:w' }, env);
    expect(findCredentials('reg.lan:5000', env)).toEqual({ username: 'ann', password: 'p:w' });
    const file = join(env.DOCKER_CONFIG, 'config.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ credsStore: 'desktop', auths: { 'other:1': { auth: 'eDp5' } } });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(removeCredentials('reg.lan:5000', env)).toBe(true);
    expect(removeCredentials('reg.lan:5000', env)).toBe(false);
    expect(findCredentials('reg.lan:5000', env)).toBeUndefined();
  });

  it('keys Docker Hub by its index URL, and matches keys written as URLs', () => {
    const env = home();
    saveCredentials('docker.io', { username: 'u', password: 'p' }, env);
    expect(Object.keys((JSON.parse(readFileSync(join(env.DOCKER_CONFIG, 'config.json'), 'utf8')) as { auths: object }).auths)).toEqual(['https://index.docker.io/v1/']);
    mkdirSync(env.DOCKER_CONFIG, { recursive: true });
    writeFileSync(join(env.DOCKER_CONFIG, 'config.json'), JSON.stringify({ auths: { 'https://reg.lan/v1/': { username: 'x', password: 'y' } } }));
    expect(findCredentials('reg.lan', env)).toEqual({ username: 'x', password: 'y' });
  });
});
