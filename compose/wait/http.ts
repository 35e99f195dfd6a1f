// Ready once an HTTP request to the container answers as expected: through
// the port's published binding when it has one, else straight to the
// container's address on its first network (the host routes to its bridges).
import { request } from 'node:http';
import { findPublished, hostAddressOf } from '../published-address.js';
import { retryUntilReady, type WaitStrategy, type WaitTarget } from './strategy.js';

export interface HttpWaitOptions {
  /** Default GET. */
  readonly method?: string;
  /** The status to wait for, or a test of it; default 200. */
  readonly status?: number | ((status: number) => boolean);
  readonly headers?: Readonly<Record<string, string>>;
  /** A test of the response body, besides its status. */
  readonly body?: (text: string) => boolean;
  /** How long one request may take before it counts as a failed attempt; default 2 s. */
  readonly requestTimeoutMs?: number;
}

interface Answer {
  readonly status: number;
  readonly body: string;
}

const DEFAULT_REQUEST_TIMEOUT_MS = 2000;
// A body is read only to be tested; a health page is small, a large one is cut here.
const MAX_BODY_BYTES = 64 * 1024;

export class HttpWait implements WaitStrategy {
  readonly description: string;

  constructor(
    private readonly path: string,
    private readonly port: number,
    private readonly options: HttpWaitOptions = {},
  ) {
    const status = typeof options.status === 'function' ? 'the expected status' : String(options.status ?? 200);
    this.description = `HTTP ${options.method ?? 'GET'} ${path} on port ${port} answers ${status}`;
  }

  async waitUntilReady(target: WaitTarget): Promise<void> {
    await retryUntilReady(target, async () => {
      const address = await this.addressOf(target);
      if (!address) return `port ${this.port} is neither published nor on a network`;
      const url = `http://${address.host}:${address.port}${this.path}`;
      try {
        const answer = await this.ask(address, target.signal);
        if (!this.statusOk(answer.status)) return `${url} answered ${answer.status}`;
        if (this.options.body && !this.options.body(answer.body)) return `${url} answered ${answer.status} with a body that did not pass the test`;
        return undefined;
      } catch (err) {
        return `${url}: ${(err as Error).message}`;
      }
    });
  }

  private statusOk(status: number): boolean {
    const wanted = this.options.status ?? 200;
    return typeof wanted === 'function' ? wanted(status) : status === wanted;
  }

  private async addressOf(target: WaitTarget): Promise<{ host: string; port: number } | undefined> {
    const binding = findPublished(await target.engine.publishedPorts(target.id), this.port);
    if (binding) return { host: hostAddressOf(binding), port: binding.hostPort };
    const [first] = await target.engine.networkAddresses(target.id);
    return first ? { host: first.ip, port: this.port } : undefined;
  }

  private ask(address: { host: string; port: number }, signal: AbortSignal): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const req = request({
        host: address.host, port: address.port, path: this.path, method: this.options.method ?? 'GET',
        headers: { ...this.options.headers }, agent: false, signal, timeout: this.options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
      }, (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          if (size < MAX_BODY_BYTES) chunks.push(chunk);
          size += chunk.length;
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error('no answer in time')));
      req.on('error', reject);
      req.end();
    });
  }
}
