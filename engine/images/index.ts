// The image store's public pieces, for clients that need nothing else.
export { ImageStore } from './image-store.js';
export type { ImageStoreOptions, ImageSummary, LayerProgress } from './image-store.js';
export { stateRoot } from '../../state/paths.js';
export type { ImportOptions, ImportedImage } from './import.js';

// Archive writers and the tarball importer load tar and zlib code: only
// when a command asks for them.
export async function saveImages(...args: Parameters<typeof import('./save.js').saveImages>): ReturnType<typeof import('./save.js').saveImages> {
  return (await import('./save.js')).saveImages(...args);
}

export async function importImage(...args: Parameters<typeof import('./import.js').importImage>): ReturnType<typeof import('./import.js').importImage> {
  return (await import('./import.js')).importImage(...args);
}
