// Where the engine keeps its state: /var/lib/flotilla unless FLOTILLA_ROOT
// moves it. Every other module asks here rather than building paths itself.
import { join, resolve } from 'node:path';

export const DEFAULT_STATE_ROOT = '/var/lib/flotilla';

export function stateRoot(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const root = env['FLOTILLA_ROOT'];
  return root ? resolve(root) : DEFAULT_STATE_ROOT;
}

/** Content-addressed blobs (OCI layout): `<root>/blobs/sha256/<hex>`. */
export function blobsDir(root: string): string {
  return join(root, 'blobs', 'sha256');
}

/** Lock files, one per thing a command may change (`images`, a container id). */
export function lockPath(root: string, name: string): string {
  return join(root, 'locks', `${name}.lock`);
}

/** Unpacked layers, one directory per diff id: `<root>/layers/sha256/<hex>`. */
export function layersDir(root: string): string {
  return join(root, 'layers', 'sha256');
}
