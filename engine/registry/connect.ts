// A session with the registry a reference names: its endpoint, the stored
// credentials (unless the caller brings its own), one HTTP client.
import { findCredentials, type Credentials } from './credentials.js';
import { endpointFor, tlsMaterial } from './endpoint.js';
import { HttpClient } from './http.js';
import type { RetryPolicy } from './retry.js';
import { RegistrySession } from './session.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface RegistryOptions {
  readonly env?: Env;
  /** Registries that may be spoken to over plain http (localhost and 127.0.0.0/8 always may). */
  readonly insecureRegistries?: readonly string[];
  /** Instead of those in the docker config file. */
  readonly credentials?: Credentials;
  readonly retry?: RetryPolicy;
}

/** Runs `work` with a session for `registry`, closing its connections afterwards. */
export async function withSession<T>(registry: string, options: RegistryOptions, work: (session: RegistrySession) => Promise<T>): Promise<T> {
  const env = options.env ?? process.env;
  const endpoint = endpointFor(registry, { env, ...(options.insecureRegistries && { insecureRegistries: options.insecureRegistries }) });
  const http = new HttpClient(() => tlsMaterial(registry, env));
  const credentials = options.credentials ?? findCredentials(registry, env);
  const session = new RegistrySession({ endpoint, http, ...(credentials && { credentials }), ...(options.retry && { retry: options.retry }) });
  try {
    return await work(session);
  } finally {
    http.close();
  }
}
