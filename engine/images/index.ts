// The image store's public pieces, for clients that need nothing else.
export { ImageStore } from './image-store.js';
export type { ImageStoreOptions, ImageSummary, LayerProgress } from './image-store.js';
export { stateRoot } from '../state/paths.js';
