// Where the image store keeps its content under a state root.
import { join } from 'node:path';

/** Content-addressed blobs (OCI layout): `<root>/blobs/sha256/<hex>`. */
export function blobsDir(root: string): string {
  return join(root, 'blobs', 'sha256');
}

/** Unpacked layers, one directory per diff id: `<root>/layers/sha256/<hex>`. */
export function layersDir(root: string): string {
  return join(root, 'layers', 'sha256');
}
