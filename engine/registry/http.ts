// One HTTP exchange with a registry over node:http / node:https: the body
// comes back as a stream (blobs are large), redirects are followed (blob
// downloads often go to a storage host) without the registry's credentials
// going along to another origin.
import { Agent as HttpAgent, request as httpRequest, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';
import type { TlsMaterial } from './endpoint.js';

export interface HttpRequest {
  readonly method?: string;
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** A buffer, or a stream sent with the Content-Length given in the headers. */
  readonly body?: Buffer | Readable;
  readonly signal?: AbortSignal;
}

export interface HttpResponse {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  /** The URL that answered, after redirects. */
  readonly url: string;
  readonly body: IncomingMessage;
}

const MAX_REDIRECTS = 5;
/** A connection silent this long is given up (and retried): a registry behind a dead route must not hang a pull. */
const IDLE_TIMEOUT_MS = 30_000;

/** Sends requests, reusing connections (parallel layer downloads share a few sockets). */
export class HttpClient {
  private readonly httpAgent = new HttpAgent({ keepAlive: true });
  private httpsAgent?: HttpsAgent;

  /** `tls` is asked for only when an https URL is first requested. */
  constructor(private readonly tls: () => TlsMaterial) {}

  async send(req: HttpRequest): Promise<HttpResponse> {
    let url = req.url;
    let headers = { ...req.headers };
    for (let hop = 0; ; hop++) {
      const res = await this.once({ ...req, url, headers });
      const location = res.headers.location;
      if (![301, 302, 303, 307, 308].includes(res.status) || !location || hop >= MAX_REDIRECTS || req.body !== undefined) return res;
      res.body.resume();
      const next = new URL(location, url);
      if (next.origin !== new URL(url).origin) headers = withoutAuthorization(headers);
      url = next.toString();
    }
  }

  /** Closes idle connections, so the process can end. */
  close(): void {
    this.httpAgent.destroy();
    this.httpsAgent?.destroy();
  }

  private once(req: HttpRequest & { url: string }): Promise<HttpResponse> {
    const target = new URL(req.url);
    const secure = target.protocol === 'https:';
    const send = secure ? httpsRequest : httpRequest;
    const agent = secure ? (this.httpsAgent ??= new HttpsAgent({ keepAlive: true, ...this.tls() })) : this.httpAgent;
    return new Promise((resolve, reject) => {
      const request = send(target, { method: req.method ?? 'GET', headers: req.headers, agent, ...(req.signal && { signal: req.signal }) }, (res) =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, url: req.url, body: res }),
      );
      request.setTimeout(IDLE_TIMEOUT_MS, () => request.destroy(Object.assign(new Error(`no answer from ${target.host} for ${IDLE_TIMEOUT_MS / 1000}s`), { code: 'ETIMEDOUT' })));
      request.on('error', reject);
      if (req.body === undefined) request.end();
      else if (Buffer.isBuffer(req.body)) request.end(req.body);
      else req.body.on('error', (err) => request.destroy(err)).pipe(request);
    });
  }
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.toLowerCase() !== 'authorization'));
}

/** Reads a whole (small) body: manifests, tokens, error documents. */
export async function readBody(body: Readable, limit = 16 * 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw new Error(`the answer is larger than ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
