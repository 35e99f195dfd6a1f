// One container of a started stack, as a test sees it: where its ports are
// published, its addresses, commands run in it, its output, and its own
// stop and restart. Ports and addresses are read once it is ready (and again
// after a restart), so the getters answer without a call to the engine.
import { PassThrough, Readable } from 'node:stream';
import type { Engine, NetworkAddress, PublishedPortInfo } from '../engine/engine.js';
import { StackError, StackErrorCode } from '../errors.js';
import { findPublished, hostAddressOf } from './published-address.js';
import { awaitReadiness, type AwaitedContainer } from './stack-readiness.js';
import type { WaitStrategy } from './wait/strategy.js';

export interface StackContainerInfo {
  readonly id: string;
  /** The engine's name, `<project>-web-1`. */
  readonly name: string;
  /** The name in the stack, `web-1`. */
  readonly key: string;
  readonly service: string;
  /** Compose network key → its name on the host, for getIpAddress. */
  readonly networkNames: ReadonlyMap<string, string>;
  /** Its wait, run at up and again after a restart. */
  readonly strategy: WaitStrategy;
  readonly startupTimeoutMs: number;
}

export interface ExecResult {
  /** stdout and stderr together, in the order they were written. */
  readonly output: string;
  readonly stdout: string;
  readonly stderr: string;
  readonly exitCode: number;
}

export interface StackExecOptions {
  /** `KEY=value` entries added to the container's environment. */
  readonly env?: readonly string[];
  readonly user?: string;
  readonly workingDir?: string;
}

export interface StackLogsOptions {
  /** Keep the stream open for new output until the container ends (default true); false ends it after what is there. */
  readonly follow?: boolean;
  /** Only one of its streams (default both). */
  readonly stream?: 'stdout' | 'stderr';
}

export interface ContainerStopOptions {
  /** Seconds between the stop signal and SIGKILL (default: the service's stop_grace_period, else 10). */
  readonly timeout?: number;
}

export class StackContainer {
  private ports: readonly PublishedPortInfo[] = [];
  private addresses: readonly NetworkAddress[] = [];

  constructor(
    private readonly engine: Engine,
    private readonly info: StackContainerInfo,
  ) {}

  getId(): string {
    return this.info.id;
  }

  /** The engine's name of the container (`<project>-web-1`), as `flotilla ps` shows it. */
  getName(): string {
    return this.info.name;
  }

  getServiceName(): string {
    return this.info.service;
  }

  /** The address this machine reaches the container's published ports on. */
  getHost(): string {
    const hosts = new Set(this.ports.map(hostAddressOf));
    return hosts.size === 1 ? [...hosts][0]! : '127.0.0.1';
  }

  /** The host port a container port is published on. */
  getMappedPort(port: number, protocol: 'tcp' | 'udp' = 'tcp'): number {
    const binding = findPublished(this.ports, port, protocol);
    if (!binding) throw this.notFound(`port ${port}/${protocol} is not published`, this.publishedList());
    return binding.hostPort;
  }

  /** The host port of the container's first published port. */
  getFirstMappedPort(): number {
    const first = this.ports[0];
    if (!first) throw this.notFound('no port is published', 'publish one with `ports:` in the compose file');
    return first.hostPort;
  }

  /** The container's address on a network: its compose key (`backend`) or its name on the host (`<project>_backend`). */
  getIpAddress(network: string): string {
    const name = this.info.networkNames.get(network) ?? network;
    const address = this.addresses.find((a) => a.network === name);
    if (!address) throw this.notFound(`it is not on network ${network}`, `its networks: ${this.addresses.map((a) => a.network).join(', ') || 'none'}`);
    return address.ip;
  }

  /**
   * Runs a command in the container and collects its output. An array runs
   * as it is (no shell needed in the image); a string runs through `sh -c`.
   */
  async exec(command: string | readonly string[], options: StackExecOptions = {}): Promise<ExecResult> {
    const cmd = typeof command === 'string' ? ['sh', '-c', command] : command;
    const all: Buffer[] = [];
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    const stdout = new PassThrough().on('data', (c: Buffer) => (out.push(c), all.push(c)));
    const stderr = new PassThrough().on('data', (c: Buffer) => (err.push(c), all.push(c)));
    const exitCode = await this.engine.exec(this.info.id, { cmd, ...options, stdout, stderr });
    const text = (chunks: Buffer[]) => Buffer.concat(chunks).toString('utf8');
    return { output: text(all), stdout: text(out), stderr: text(err), exitCode };
  }

  /** The container's output from its start, as a text stream; destroy it to stop following. */
  logs(options: StackLogsOptions = {}): Readable {
    const stream = new PassThrough();
    // Ends the follow when the reader closes the stream or the container ends, whichever comes first.
    const stop = new AbortController();
    stream.once('close', () => stop.abort());
    const stopped = new Promise<void>((resolve) => stop.signal.addEventListener('abort', () => resolve(), { once: true }));
    const ended = this.engine.waitFor(this.info.id, (v) => v.state.status === 'exited', stop.signal).catch(() => undefined);
    const until = options.follow === false ? Promise.resolve() : Promise.race([stopped, ended]);
    void this.engine
      .followLogsFrom(this.info.id, 0, until, (entry) => {
        if (!options.stream || entry.stream === options.stream) stream.write(entry.log);
      })
      .then(() => stream.end(), (e: unknown) => stream.destroy(e as Error))
      .finally(() => stop.abort());
    return stream;
  }

  async stop(options: ContainerStopOptions = {}): Promise<void> {
    await this.engine.stop(this.info.id, options);
    await this.refresh();
  }

  /**
   * Stops and starts the container, waits until it is ready again (its
   * stack's wait strategy and startup timeout), and reads its ports and
   * addresses again: an ephemeral host port may have changed.
   */
  async restart(options: ContainerStopOptions = {}): Promise<void> {
    const { state } = this.engine.inspect(this.info.id);
    if (state.status === 'running' || state.status === 'restarting') await this.engine.stop(this.info.id, options);
    await this.engine.start(this.info.id);
    await this.waitUntilReady();
    await this.refresh();
  }

  /** Runs the container's wait strategy; throws WaitStrategyError when it is not ready in time. */
  waitUntilReady(): Promise<void> {
    return awaitReadiness(this.engine, [this.awaited()], { timeoutMs: this.info.startupTimeoutMs });
  }

  /** What awaitReadiness needs to wait for this container. */
  awaited(): AwaitedContainer {
    const { id, name, key, strategy } = this.info;
    return { id, name, key, strategy };
  }

  /** Reads the published ports and network addresses again. */
  async refresh(): Promise<void> {
    this.ports = await this.engine.publishedPorts(this.info.id);
    this.addresses = await this.engine.networkAddresses(this.info.id);
  }

  private publishedList(): string {
    const list = this.ports.map((p) => `${p.containerPort}/${p.protocol}`).join(', ');
    return list ? `published: ${list}` : 'it publishes no port';
  }

  private notFound(what: string, hint: string): StackError {
    return new StackError(StackErrorCode.NotFound, `container ${this.info.key}: ${what}`, { hint });
  }
}
