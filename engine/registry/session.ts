// Authenticated requests to one registry. The first request goes out bare;
// a 401 names the scheme: Basic gets the stored credentials, Bearer sends us
// to a token server (anonymously, or with the credentials) for a token
// scoped to the repository and actions, which is then kept for the
// following requests of that scope.
import { RegistryError, RegistryErrorCode } from '../../errors.js';
import { parseChallenge, type Challenge } from './challenge.js';
import type { Credentials } from './credentials.js';
import { isLocal, type Endpoint } from './endpoint.js';
import { readBody, type HttpClient, type HttpRequest, type HttpResponse } from './http.js';
import { DEFAULT_RETRY, TransientError, withRetries, type RetryPolicy } from './retry.js';

export interface SessionOptions {
  readonly endpoint: Endpoint;
  readonly http: HttpClient;
  readonly credentials?: Credentials;
  readonly retry?: RetryPolicy;
}

export interface RegistryRequest extends Omit<HttpRequest, 'url'> {
  /** A path under the registry (`/v2/…`) or an absolute URL (an upload location). */
  readonly path: string;
  /** The token scope: `repository:library/busybox:pull`, or `registry:catalog:*`. */
  readonly scope?: string;
}

export class RegistrySession {
  private authorization?: { scheme: 'basic' } | { scheme: 'bearer'; challenge: Challenge };
  private readonly tokens = new Map<string, string>();

  constructor(readonly options: SessionOptions) {}

  get registry(): string {
    return this.options.endpoint.registry;
  }

  /** Sends a request, answering an auth challenge once; a 5xx or a lost connection is retried (bodies only when a buffer). */
  async send(req: RegistryRequest): Promise<HttpResponse> {
    const retryable = req.body === undefined || Buffer.isBuffer(req.body);
    const policy = retryable ? (this.options.retry ?? DEFAULT_RETRY) : { ...DEFAULT_RETRY, attempts: 1 };
    return withRetries(policy, async () => {
      const res = await this.sendAuthorized(req);
      if (res.status >= 500 || res.status === 429) {
        res.body.resume();
        throw new TransientError(`${this.describe(req)}: the registry answered ${res.status}`);
      }
      return res;
    }, req.signal ? { signal: req.signal } : {}).catch((err: unknown) => {
      throw err instanceof RegistryError ? err : new RegistryError(RegistryErrorCode.Unreachable, `${this.describe(req)}: ${(err as Error).message}`, { cause: err });
    });
  }

  /** Like send, and a status other than 2xx becomes a RegistryError naming `what`. */
  async expectOk(req: RegistryRequest, what: string): Promise<HttpResponse> {
    const res = await this.send(req);
    if (res.status >= 200 && res.status < 300) return res;
    throw await errorOf(res, `${what} on ${this.registry}`);
  }

  private async sendAuthorized(req: RegistryRequest): Promise<HttpResponse> {
    const url = /^https?:\/\//.test(req.path) ? req.path : `${this.options.endpoint.base}${req.path}`;
    const attempt = async () => this.options.http.send({ ...req, url, headers: { ...req.headers, ...(await this.authHeader(req.scope, false)) } });
    const res = await attempt();
    if (res.status !== 401) return res;
    const header = res.headers['www-authenticate'];
    res.body.resume();
    if (!header) throw new RegistryError(RegistryErrorCode.Unauthorized, `${this.describe(req)}: unauthorized, and the registry names no way to authenticate`);
    const challenge = parseChallenge(Array.isArray(header) ? header[0]! : header);
    this.authorization = challenge.scheme === 'basic' ? { scheme: 'basic' } : { scheme: 'bearer', challenge };
    if (challenge.scheme !== 'basic' && challenge.scheme !== 'bearer') {
      throw new RegistryError(RegistryErrorCode.Protocol, `${this.describe(req)}: unsupported authentication scheme ${challenge.scheme}`);
    }
    const retried = await this.options.http.send({ ...req, url, headers: { ...req.headers, ...(await this.authHeader(req.scope ?? challenge.params['scope'], true)) } });
    if (retried.status === 401 || retried.status === 403) {
      retried.body.resume();
      throw this.unauthorized(req);
    }
    return retried;
  }

  private async authHeader(scope: string | undefined, fresh: boolean): Promise<Record<string, string>> {
    const auth = this.authorization;
    if (!auth) return {};
    if (auth.scheme === 'basic') {
      const creds = this.options.credentials;
      if (!creds) throw this.unauthorized({ path: '' });
      return { authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}` };
    }
    const key = scope ?? '';
    if (fresh || !this.tokens.has(key)) this.tokens.set(key, await this.fetchToken(auth.challenge, scope));
    return { authorization: `Bearer ${this.tokens.get(key)!}` };
  }

  private async fetchToken(challenge: Challenge, scope: string | undefined): Promise<string> {
    const realm = challenge.params['realm'];
    if (!realm) throw new RegistryError(RegistryErrorCode.Protocol, `${this.registry} asks for a bearer token but names no realm`);
    const url = new URL(realm);
    // Credentials go to the token server only over TLS, unless it is on this machine.
    if (url.protocol !== 'https:' && this.options.credentials && !isLocal(url.host)) {
      throw new RegistryError(RegistryErrorCode.Insecure, `the token server of ${this.registry} (${realm}) is plain http: credentials are not sent there`);
    }
    if (challenge.params['service']) url.searchParams.set('service', challenge.params['service']);
    if (scope) url.searchParams.set('scope', scope);
    const creds = this.options.credentials;
    const headers: Record<string, string> = creds ? { authorization: `Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}` } : {};
    const res = await this.options.http.send({ url: url.toString(), headers });
    const body = await readBody(res.body);
    if (res.status === 401 || res.status === 403) throw this.unauthorized({ path: realm });
    if (res.status !== 200) throw new RegistryError(RegistryErrorCode.Unauthorized, `the token server ${realm} answered ${res.status}: ${body.toString('utf8').slice(0, 200)}`);
    const token = (JSON.parse(body.toString('utf8')) as { token?: string; access_token?: string });
    const value = token.token ?? token.access_token;
    if (!value) throw new RegistryError(RegistryErrorCode.Protocol, `the token server ${realm} gave no token`);
    return value;
  }

  private unauthorized(req: Pick<RegistryRequest, 'path'>): RegistryError {
    const why = this.options.credentials ? 'the credentials were refused' : 'authentication required';
    return new RegistryError(RegistryErrorCode.Unauthorized, `${this.registry}${req.path ? ` (${req.path.replace(/\?.*$/, '')})` : ''}: ${why}`, { hint: `flotilla login ${this.registry}` });
  }

  private describe(req: RegistryRequest): string {
    return `${req.method ?? 'GET'} ${this.registry}${req.path.startsWith('/') ? req.path.replace(/\?.*$/, '') : ''}`;
  }
}

/** The registry's error document (`{"errors":[{"code","message"}]}`) as a RegistryError. */
export async function errorOf(res: HttpResponse, what: string): Promise<RegistryError> {
  const text = (await readBody(res.body).catch(() => Buffer.alloc(0))).toString('utf8');
  let detail = text.slice(0, 200);
  try {
    const errors = (JSON.parse(text) as { errors?: { code?: string; message?: string }[] }).errors ?? [];
    if (errors.length > 0) detail = errors.map((e) => `${e.code ?? ''} ${e.message ?? ''}`.trim()).join('; ');
  } catch {
    // Not JSON: the text itself says it.
  }
  const code = res.status === 404 ? RegistryErrorCode.NotFound : res.status === 401 || res.status === 403 ? RegistryErrorCode.Unauthorized : RegistryErrorCode.Protocol;
  return new RegistryError(code, `${what}: ${res.status}${detail ? ` ${detail}` : ''}`);
}
