import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlobStore } from '../../../../engine/images/blob-store.js';

const sha = (text: string) => `sha256:${createHash('sha256').update(text).digest('hex')}`;

let root: string;
let store: BlobStore;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'flotilla-blobs-'));
  store = new BlobStore(root);
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const files = () => readdirSync(join(root, 'blobs', 'sha256')).sort();

describe('BlobStore', () => {
  it('stores bytes under their sha256 and reads them back', () => {
    const blob = store.put(Buffer.from('hello'));
    expect(blob).toEqual({ digest: sha('hello'), size: 5 });
    expect(store.read(blob.digest).toString()).toBe('hello');
    expect(files()).toEqual([sha('hello').slice(7)]);
  });

  it('refuses bytes that do not match the expected digest and keeps nothing', () => {
    expect(() => store.put(Buffer.from('evil'), sha('good'))).toThrow(
      expect.objectContaining({ code: 'FLOTILLA_ENGINE_DIGEST_MISMATCH', message: `content does not match its digest: expected ${sha('good')}, got ${sha('evil')}` }),
    );
    expect(store.has(sha('evil'))).toBe(false);
  });

  it('streams content in, verifying it, and leaves no temp file on a mismatch', async () => {
    const chunks = ['a'.repeat(100_000), 'b'.repeat(100_000)];
    const blob = await store.putStream(Readable.from(chunks.map((c) => Buffer.from(c))), sha(chunks.join('')));
    expect(blob.size).toBe(200_000);
    await expect(store.putStream(Readable.from([Buffer.from('x')]), sha('y'))).rejects.toMatchObject({ code: 'FLOTILLA_ENGINE_DIGEST_MISMATCH' });
    expect(files()).toEqual([blob.digest.slice(7)]);
  });

  it('leaves nothing behind when the source fails midway', async () => {
    const failing = new Readable({
      read() {
        this.push(Buffer.from('partial'));
        this.destroy(new Error('connection reset'));
      },
    });
    await expect(store.putStream(failing)).rejects.toThrow('connection reset');
    expect(files()).toEqual([]);
  });

  it('refuses a malformed digest and names a missing blob', () => {
    expect(() => store.has('md5:abc')).toThrow(expect.objectContaining({ code: 'FLOTILLA_ENGINE_INVALID_DIGEST' }));
    expect(() => store.read(sha('absent'))).toThrow(`blob ${sha('absent')} is not in the store`);
  });
});
