// Registry credentials as docker keeps them: `auths` in ~/.docker/config.json
// (or $DOCKER_CONFIG/config.json), each a base64 `user:password` under the
// registry's host. Docker Hub's entry is keyed by its historical index URL.
// Credential helpers (credsStore) are not run: their secrets stay theirs.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { RegistryError, RegistryErrorCode } from '../../errors.js';
import { writeFileAtomic } from '../../state/atomic-write.js';
import { DEFAULT_REGISTRY } from '../images/reference.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface Credentials {
  readonly username: string;
  readonly password: string;
}

const HUB_KEY = 'https://index.docker.io/v1/';

/** The config file docker reads: $DOCKER_CONFIG/config.json, else ~/.docker/config.json. */
export function dockerConfigPath(env: Env = process.env): string {
  const dir = env['DOCKER_CONFIG'] ?? join(env['HOME'] ?? homedir(), '.docker');
  return join(dir, 'config.json');
}

/** The key an `auths` entry has for a registry host. */
export function authKey(registry: string): string {
  return registry === DEFAULT_REGISTRY || registry === 'index.docker.io' || registry === 'registry-1.docker.io' ? HUB_KEY : registry;
}

/** The stored credentials for a registry, if any. Keys written as URLs (`https://host/v1/`) match their host too. */
export function findCredentials(registry: string, env: Env = process.env): Credentials | undefined {
  const auths = readConfig(dockerConfigPath(env)).auths ?? {};
  const wanted = authKey(registry);
  const entry = auths[wanted] ?? Object.entries(auths).find(([key]) => hostOf(key) === hostOf(wanted))?.[1];
  if (!entry) return undefined;
  if (entry.username !== undefined && entry.password !== undefined) return { username: entry.username, password: entry.password };
  if (entry.auth === undefined) return undefined;
  const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) throw new RegistryError(RegistryErrorCode.Unauthorized, `the auths entry for ${registry} in ${dockerConfigPath(env)} is not base64 of user:password`);
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Stores credentials for a registry, keeping every other field of the file. */
export function saveCredentials(registry: string, credentials: Credentials, env: Env = process.env): void {
  const path = dockerConfigPath(env);
  const config = readConfig(path);
  const auth = Buffer.from(`${credentials.username}:${credentials.password}`).toString('base64');
  config.auths = { ...config.auths, [authKey(registry)]: { auth } };
  writeConfig(path, config);
}

/** Forgets a registry's credentials; returns whether there were any. */
export function removeCredentials(registry: string, env: Env = process.env): boolean {
  const path = dockerConfigPath(env);
  const config = readConfig(path);
  const key = authKey(registry);
  if (!config.auths?.[key]) return false;
  delete config.auths[key];
  writeConfig(path, config);
  return true;
}

interface AuthEntry {
  auth?: string;
  username?: string;
  password?: string;
}

interface DockerConfig {
  auths?: Record<string, AuthEntry>;
  [other: string]: unknown;
}

function readConfig(path: string): DockerConfig {
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as DockerConfig;
  } catch (err) {
    throw new RegistryError(RegistryErrorCode.Unauthorized, `cannot read ${path}: ${(err as Error).message}`, { cause: err });
  }
}

function writeConfig(path: string, config: DockerConfig): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Secrets: readable by their owner only, as docker writes the file.
  writeFileAtomic(path, `${JSON.stringify(config, null, "\t")}\n`, 0o600);
}

function hostOf(key: string): string {
  return key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
}
