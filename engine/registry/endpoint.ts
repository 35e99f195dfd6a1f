// Where a registry's API lives and how to speak to it. As docker does,
// registries on localhost and 127.0.0.0/8 get plain http; any other only
// when it is listed as insecure (FLOTILLA_INSECURE_REGISTRIES, comma
// separated, or the caller's list). Extra CA certificates are read only when
// a TLS registry is contacted, so no other command pays for them.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { DEFAULT_REGISTRY } from '../images/reference.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface Endpoint {
  /** The registry as references name it: `docker.io`, `127.0.0.1:5000`. */
  readonly registry: string;
  /** `https://registry-1.docker.io`, `http://127.0.0.1:5000`: no trailing slash. */
  readonly base: string;
  readonly secure: boolean;
}

export interface EndpointOptions {
  /** Registries (host or host:port) that may be spoken to over plain http. */
  readonly insecureRegistries?: readonly string[];
  readonly env?: Env;
}

/** Docker Hub's API answers on another host than the one references name. */
const HUB_API = 'registry-1.docker.io';

export function endpointFor(registry: string, options: EndpointOptions = {}): Endpoint {
  const host = registry === DEFAULT_REGISTRY || registry === 'index.docker.io' ? HUB_API : registry;
  const insecure = isLocal(registry) || insecureList(options).includes(registry);
  return { registry, base: `${insecure ? 'http' : 'https'}://${host}`, secure: !insecure };
}

/** localhost, 127.0.0.0/8 and ::1, with or without a port. */
export function isLocal(registry: string): boolean {
  const host = registry.startsWith('[') ? registry.slice(1, registry.indexOf(']')) : registry.replace(/:\d+$/, '');
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

function insecureList(options: EndpointOptions): string[] {
  const fromEnv = (options.env ?? process.env)['FLOTILLA_INSECURE_REGISTRIES'] ?? '';
  return [...(options.insecureRegistries ?? []), ...fromEnv.split(',').map((s) => s.trim()).filter(Boolean)];
}

export interface TlsMaterial {
  readonly ca: string[];
  readonly cert?: string;
  readonly key?: string;
}

/**
 * The trust roots for one TLS registry: Node's own, NODE_EXTRA_CA_CERTS,
 * SSL_CERT_FILE, and /etc/docker/certs.d/<host>/*.crt, plus a client
 * certificate pair (<name>.cert + <name>.key) found there.
 */
export function tlsMaterial(registry: string, env: Env = process.env, certsDir = '/etc/docker/certs.d'): TlsMaterial {
  const ca = [...rootCertificates];
  for (const file of [env['NODE_EXTRA_CA_CERTS'], env['SSL_CERT_FILE']]) {
    if (file && existsSync(file)) ca.push(readFileSync(file, 'utf8'));
  }
  const dir = join(certsDir, registry);
  if (!existsSync(dir)) return { ca };
  const files = readdirSync(dir).sort();
  for (const name of files.filter((f) => f.endsWith('.crt'))) ca.push(readFileSync(join(dir, name), 'utf8'));
  const certFile = files.find((f) => f.endsWith('.cert') && files.includes(f.replace(/\.cert$/, '.key')));
  if (!certFile) return { ca };
  return { ca, cert: readFileSync(join(dir, certFile), 'utf8'), key: readFileSync(join(dir, certFile.replace(/\.cert$/, '.key')), 'utf8') };
}
