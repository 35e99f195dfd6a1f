// Picking one image out of an index (OCI) or manifest list (Docker) by
// platform, as containerd's default matcher does: os and architecture must
// match; a variant asked for must match too (arm64 means v8 when a manifest
// leaves it out); with no variant asked for, the highest one listed wins for
// arm, and the first entry otherwise.
import { RegistryError, RegistryErrorCode } from '../../errors.js';

export interface Platform {
  readonly os: string;
  readonly architecture: string;
  readonly variant?: string;
}

export interface IndexEntry {
  readonly mediaType?: string;
  readonly digest: string;
  readonly size: number;
  readonly platform?: { os?: string; architecture?: string; variant?: string };
}

const NODE_ARCH: Readonly<Record<string, string>> = { x64: 'amd64', arm64: 'arm64', arm: 'arm', ia32: '386', ppc64: 'ppc64le', s390x: 's390x', riscv64: 'riscv64' };

/** This machine's platform, in OCI words. */
export function hostPlatform(): Platform {
  return { os: 'linux', architecture: NODE_ARCH[process.arch] ?? process.arch };
}

/** `linux/amd64`, `linux/arm64/v8`: throws on anything else. */
export function parsePlatform(text: string): Platform {
  const [os, architecture, variant, ...extra] = text.split('/');
  if (!os || !architecture || extra.length > 0) {
    throw new RegistryError(RegistryErrorCode.NoMatchingPlatform, `invalid platform "${text}": expected os/architecture[/variant]`);
  }
  return { os, architecture: architecture === 'x86_64' ? 'amd64' : architecture === 'aarch64' ? 'arm64' : architecture, ...(variant && { variant }) };
}

export function formatPlatform(p: Platform): string {
  return [p.os, p.architecture, p.variant].filter(Boolean).join('/');
}

/** The entry for `wanted`; throws NoMatchingPlatform listing what there is. */
export function selectPlatform(entries: readonly IndexEntry[], wanted: Platform, what: string): IndexEntry {
  const candidates = entries.filter((e) => e.platform?.os === wanted.os && e.platform.architecture === wanted.architecture);
  const matching = wanted.variant === undefined ? candidates : candidates.filter((e) => variantOf(e) === normalVariant(wanted.architecture, wanted.variant));
  const best = [...matching].sort((a, b) => variantRank(b) - variantRank(a))[0];
  if (best) return best;
  const offered = entries.map((e) => (e.platform ? formatPlatform({ os: e.platform.os ?? '?', architecture: e.platform.architecture ?? '?', ...(e.platform.variant && { variant: e.platform.variant }) }) : 'unknown')).join(', ');
  throw new RegistryError(RegistryErrorCode.NoMatchingPlatform, `${what} has no image for ${formatPlatform(wanted)} (it has ${offered || 'none'})`);
}

function variantOf(entry: IndexEntry): string | undefined {
  return normalVariant(entry.platform?.architecture ?? '', entry.platform?.variant);
}

function normalVariant(architecture: string, variant: string | undefined): string | undefined {
  return architecture === 'arm64' && variant === undefined ? 'v8' : variant;
}

// Only arm's variants order (v7 runs on v8 hardware, not the other way round);
// sorting is stable, so elsewhere the index's own order decides.
function variantRank(entry: IndexEntry): number {
  const match = /^v(\d+)$/.exec(variantOf(entry) ?? '');
  return entry.platform?.architecture === 'arm' && match ? Number(match[1]) : 0;
}
