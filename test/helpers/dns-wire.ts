// DNS messages on the wire, encoded and decoded by hand in the tests so that
// every field the server sends is checked for real.

export const A = 1;
export const PTR = 12;
export const AAAA = 28;
export const NOERROR = 0;
export const SERVFAIL = 2;
export const NXDOMAIN = 3;

export interface Answer {
  readonly type: number;
  readonly ttl: number;
  readonly data: string;
}

export interface Reply {
  readonly id: number;
  readonly qr: boolean;
  readonly aa: boolean;
  readonly tc: boolean;
  readonly rd: boolean;
  readonly ra: boolean;
  readonly rcode: number;
  readonly name: string;
  readonly qtype: number;
  readonly questionEnd: number;
  readonly answers: Answer[];
  readonly additional: number;
  readonly size: number;
}

export function encodeName(name: string): Buffer {
  const parts = name.split('.').filter((l) => l.length > 0);
  return Buffer.concat([...parts.map((l) => Buffer.concat([Buffer.from([l.length]), Buffer.from(l, 'latin1')])), Buffer.from([0])]);
}

export function encodeQuery(id: number, name: string, type: number, edns?: number): Buffer {
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2); // RD
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(edns === undefined ? 0 : 1, 10);
  const tail = Buffer.alloc(4);
  tail.writeUInt16BE(type, 0);
  tail.writeUInt16BE(1, 2);
  const parts = [header, encodeName(name), tail];
  if (edns !== undefined) {
    const opt = Buffer.alloc(11);
    opt.writeUInt16BE(41, 1);
    opt.writeUInt16BE(edns, 3);
    parts.push(opt);
  }
  return Buffer.concat(parts);
}

/** A name at `offset`, following compression pointers (a bounded number of them); the offset just past it. */
function readName(buf: Buffer, offset: number): [string, number] {
  const labels: string[] = [];
  let pos = offset;
  let end = -1;
  for (let jumps = 0; ; ) {
    const len = buf.readUInt8(pos);
    if (len === 0) {
      pos += 1;
      break;
    }
    if ((len & 0xc0) === 0xc0) {
      if (++jumps > 16) throw new Error('compression loop');
      if (end < 0) end = pos + 2;
      pos = ((len & 0x3f) << 8) | buf.readUInt8(pos + 1);
      continue;
    }
    if (pos + 1 + len > buf.length) throw new Error('label past the end');
    labels.push(buf.toString('latin1', pos + 1, pos + 1 + len));
    pos += 1 + len;
  }
  return [labels.join('.'), end < 0 ? pos : end];
}

export function decode(buf: Buffer): Reply {
  const flags = buf.readUInt16BE(2);
  const qd = buf.readUInt16BE(4);
  const an = buf.readUInt16BE(6);
  if (qd !== 1) throw new Error(`${qd} questions`);
  const [name, afterName] = readName(buf, 12);
  const qtype = buf.readUInt16BE(afterName);
  let pos = afterName + 4;
  const questionEnd = pos;
  const answers: Answer[] = [];
  for (let i = 0; i < an; i++) {
    const [, afterOwner] = readName(buf, pos);
    const type = buf.readUInt16BE(afterOwner);
    const ttl = buf.readUInt32BE(afterOwner + 4);
    const rdlen = buf.readUInt16BE(afterOwner + 8);
    const rdata = afterOwner + 10;
    if (rdata + rdlen > buf.length) throw new Error('record past the end');
    let data = buf.subarray(rdata, rdata + rdlen).toString('hex');
    if (type === A) data = [...buf.subarray(rdata, rdata + 4)].join('.');
    if (type === PTR) data = readName(buf, rdata)[0];
    answers.push({ type, ttl, data });
    pos = rdata + rdlen;
  }
  return {
    id: buf.readUInt16BE(0),
    qr: (flags & 0x8000) !== 0,
    aa: (flags & 0x0400) !== 0,
    tc: (flags & 0x0200) !== 0,
    rd: (flags & 0x0100) !== 0,
    ra: (flags & 0x0080) !== 0,
    rcode: flags & 0x0f,
    name,
    qtype,
    questionEnd,
    answers,
    additional: buf.readUInt16BE(10),
    size: buf.length,
  };
}


/** Sends one A query over UDP and resolves with the decoded reply (rejects after `timeoutMs`). */
export async function queryA(host: string, port: number, name: string, timeoutMs = 3000, localPort?: number): Promise<Reply> {
  const { createSocket } = await import('node:dgram');
  const socket = createSocket({ type: 'udp4', reuseAddr: true });
  try {
    if (localPort !== undefined) await new Promise<void>((resolve) => socket.bind(localPort, resolve));
    return await new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no answer from ${host}:${port} for ${name}`)), timeoutMs);
      socket.once('error', reject);
      socket.once('message', (message) => {
        clearTimeout(timer);
        resolve(decode(message));
      });
      socket.send(encodeQuery(0x4242, name, A), port, host);
    });
  } finally {
    socket.close();
  }
}
