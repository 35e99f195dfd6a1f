// The healthcheck a container runs: the image's, overridden field by field
// by the container's, with Docker's defaults; and the spec records the
// supervisor reads. Pure.
import type { HealthcheckConfig } from './config.js';
import type { SpecRecord } from './spec.js';

/** The image config's Healthcheck (durations in nanoseconds). */
export interface ImageHealthcheck {
  readonly Test?: readonly string[] | null;
  readonly Interval?: number;
  readonly Timeout?: number;
  readonly StartPeriod?: number;
  readonly StartInterval?: number;
  readonly Retries?: number;
}

export interface ResolvedHealthcheck {
  /** The argv to run in the container. */
  readonly args: readonly string[];
  readonly interval: number;
  readonly timeout: number;
  readonly startPeriod: number;
  readonly startInterval: number;
  readonly retries: number;
}

const DEFAULTS = { interval: 30_000, timeout: 30_000, startPeriod: 0, startInterval: 5_000, retries: 3 };

export function resolveHealthcheck(image: ImageHealthcheck | undefined, container: HealthcheckConfig | undefined): ResolvedHealthcheck | undefined {
  const test = container?.test?.length ? container.test : (image?.Test ?? []);
  const args = testArgs(test);
  if (!args) return undefined;
  const ms = (ns: number | undefined) => (ns ? ns / 1e6 : undefined);
  const pick = (own: number | undefined, fromImage: number | undefined, fallback: number) => (own || fromImage || fallback);
  return {
    args,
    interval: pick(container?.interval, ms(image?.Interval), DEFAULTS.interval),
    timeout: pick(container?.timeout, ms(image?.Timeout), DEFAULTS.timeout),
    startPeriod: pick(container?.startPeriod, ms(image?.StartPeriod), DEFAULTS.startPeriod),
    startInterval: pick(container?.startInterval, ms(image?.StartInterval), DEFAULTS.startInterval),
    retries: pick(container?.retries, image?.Retries, DEFAULTS.retries),
  };
}

function testArgs(test: readonly string[]): readonly string[] | undefined {
  const [kind, ...rest] = test;
  if (kind === 'CMD' && rest.length > 0) return rest;
  if (kind === 'CMD-SHELL' && rest.length > 0) return ['/bin/sh', '-c', rest.join(' ')];
  return undefined; // NONE, empty, or no test at all
}

export function healthRecords(health: ResolvedHealthcheck | undefined, healthFile: string): SpecRecord[] {
  if (!health) return [];
  return [
    ...health.args.map((arg): SpecRecord => ['health_cmd', arg]),
    ['health', String(health.interval), String(health.timeout), String(health.startPeriod), String(health.startInterval), String(health.retries)],
    ['health_file', healthFile],
  ];
}
