// A stage's image while it is built: layers, the run config, history. Each
// step maps one state to the next; a state is written to the blob store
// (config, then manifest) only when a container or a name needs it. Its
// digest (of the canonical JSON) is what the next step's cache key builds on.
import { createHash } from 'node:crypto';
import type { BlobStore } from '../images/blob-store.js';
import type { ImageRunConfig } from '../images/config-changes.js';
import type { ImageHealthcheck } from '../container/healthcheck.js';

const MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
const CONFIG = 'application/vnd.oci.image.config.v1+json';

export interface LayerRef {
  readonly mediaType: string;
  readonly digest: string;
  readonly size: number;
}

export interface BuildRunConfig extends ImageRunConfig {
  Shell?: string[];
  Healthcheck?: ImageHealthcheck;
  OnBuild?: string[];
}

export interface HistoryEntry {
  readonly created: string;
  readonly created_by: string;
  readonly empty_layer?: boolean;
}

export interface ImageState {
  readonly layers: readonly LayerRef[];
  readonly diffIds: readonly string[];
  readonly config: BuildRunConfig;
  readonly history: readonly HistoryEntry[];
  readonly architecture: string;
  readonly os: string;
}

export const SCRATCH: ImageState = { layers: [], diffIds: [], config: {}, history: [], architecture: 'amd64', os: 'linux' };

/** The state an image of the store starts a stage with. */
export function stateOfImage(manifest: { layers: readonly LayerRef[] }, config: Record<string, unknown>): ImageState {
  const rootfs = config['rootfs'] as { diff_ids?: string[] } | undefined;
  return {
    layers: manifest.layers.map(({ mediaType, digest, size }) => ({ mediaType, digest, size })),
    diffIds: rootfs?.diff_ids ?? [],
    config: structuredClone((config['config'] ?? {}) as BuildRunConfig),
    history: ((config['history'] ?? []) as HistoryEntry[]).map((h) => ({ ...h })),
    architecture: String(config['architecture'] ?? 'amd64'),
    os: String(config['os'] ?? 'linux'),
  };
}

export function stateDigest(state: ImageState): string {
  return `sha256:${createHash('sha256').update(JSON.stringify(state)).digest('hex')}`;
}

/** Writes the state's config and manifest blobs; returns the manifest digest and the image ID. */
export function commitState(blobs: BlobStore, state: ImageState): { manifest: string; id: string } {
  const created = state.history.at(-1)?.created ?? new Date(0).toISOString();
  const imageConfig = {
    created,
    architecture: state.architecture,
    os: state.os,
    config: state.config,
    rootfs: { type: 'layers', diff_ids: state.diffIds },
    history: state.history,
  };
  const config = blobs.put(Buffer.from(JSON.stringify(imageConfig)));
  const manifest = { schemaVersion: 2, mediaType: MANIFEST, config: { mediaType: CONFIG, ...config }, layers: state.layers };
  return { manifest: blobs.put(Buffer.from(JSON.stringify(manifest))).digest, id: config.digest };
}

export function withHistory(state: ImageState, createdBy: string, emptyLayer: boolean): HistoryEntry[] {
  return [...state.history, { created: new Date().toISOString(), created_by: createdBy, ...(emptyLayer && { empty_layer: true }) }];
}
