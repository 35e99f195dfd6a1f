import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { boundSockets, localPortsInUse } from '../../../networking/host-ports.js';

describe('localPortsInUse', () => {
  it('has the local port of a client connection, which boundSockets leaves out', async () => {
    const server = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const client = connect({ host: '127.0.0.1', port: (server.address() as { port: number }).port });
    await new Promise<void>((resolve) => client.once('connect', resolve));
    try {
      const port = client.localPort!;
      expect(localPortsInUse('tcp').has(port)).toBe(true);
      expect(boundSockets('tcp').some((s) => s.port === port)).toBe(false);
    } finally {
      client.destroy();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
