// The record stream `flotilla-shim cp-out` writes and `cp-in` reads (see
// engine/shim/copy.c): a header line, then the path, the link target and
// the content of each entry.
import type { Readable } from 'node:stream';

export interface CopyRecord {
  readonly type: 'd' | 'f' | 'l';
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  /** Seconds since the epoch. */
  readonly mtime: number;
  readonly path: string;
  readonly link: string;
  readonly data: Buffer;
}

export function encodeRecord(record: CopyRecord | { type: 'e' }): Buffer {
  if (record.type === 'e') return Buffer.from('e 0 0 0 0 0 0 0\n');
  const path = Buffer.from(record.path);
  const link = Buffer.from(record.link);
  const header = `${record.type} ${record.mode.toString(8)} ${record.uid} ${record.gid} ${Math.floor(record.mtime)} ${record.data.length} ${path.length} ${link.length}\n`;
  return Buffer.concat([Buffer.from(header), path, link, record.data]);
}

/** Every record of the stream, in order, until the end record. */
export async function* decodeRecords(stream: Readable): AsyncGenerator<CopyRecord> {
  let buffer = Buffer.alloc(0);
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  const need = async (n: number): Promise<boolean> => {
    while (buffer.length < n) {
      const next = await iterator.next();
      if (next.done) return false;
      buffer = Buffer.concat([buffer, next.value]);
    }
    return true;
  };
  for (;;) {
    let nl = buffer.indexOf(10);
    while (nl < 0) {
      if (!(await need(buffer.length + 1))) return;
      nl = buffer.indexOf(10);
    }
    const [type, mode, uid, gid, mtime, size, plen, llen] = buffer.subarray(0, nl).toString().split(' ');
    buffer = buffer.subarray(nl + 1);
    if (type === 'e') return;
    const total = Number(plen) + Number(llen) + Number(size);
    if (!(await need(total))) throw new Error('the copy stream ended in the middle of an entry');
    const path = buffer.subarray(0, Number(plen)).toString();
    const link = buffer.subarray(Number(plen), Number(plen) + Number(llen)).toString();
    const data = Buffer.from(buffer.subarray(Number(plen) + Number(llen), total));
    buffer = buffer.subarray(total);
    yield { type: type as CopyRecord['type'], mode: parseInt(mode!, 8), uid: Number(uid), gid: Number(gid), mtime: Number(mtime), path, link, data };
  }
}
