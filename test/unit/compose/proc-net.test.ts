import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { listeningPorts, listeningPortsOf } from '../../../compose/wait/proc-net.js';

// Lines as the kernel writes them: a header, then one socket per line.
const TCP = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 00000000:0050 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1 0 100 0 0 10 0',
  '   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1 0 100 0 0 10 0',
  // An established connection from port 0x9C40 (40000): not a listener.
  '   2: 0100007F:9C40 0100007F:0050 01 00000000:00000000 00:00000000 00000000     0        0 3 1 0 20 4 30 10 -1',
].join('\n');

const TCP6 = [
  '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 00000000000000000000000000000000:1F91 00000000000000000000000000000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 4 1 0 100 0 0 10 0',
].join('\n');

const UDP = [
  '   sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode ref pointer drops',
  '  100: 00000000:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000     0        0 5 2 0 0',
  '  101: 0100007F:A000 0100007F:0035 01 00000000:00000000 00:00000000 00000000     0        0 6 2 0 0',
].join('\n');

describe('listening ports from /proc/net tables', () => {
  it('takes the local port of listening tcp sockets only', () => {
    expect([...listeningPortsOf(TCP, 'tcp')].sort((a, b) => a - b)).toEqual([80, 8080]);
  });

  it('reads IPv6 addresses the same way', () => {
    expect([...listeningPortsOf(TCP6, 'tcp')]).toEqual([8081]);
  });

  it('takes unbound-peer udp sockets, not connected ones', () => {
    expect([...listeningPortsOf(UDP, 'udp')]).toEqual([53]);
    // The udp state of a bound socket is not a tcp listener's.
    expect([...listeningPortsOf(UDP, 'tcp')]).toEqual([]);
  });

  it('ignores an empty table and lines it cannot read', () => {
    expect(listeningPortsOf('', 'tcp').size).toBe(0);
    expect(listeningPortsOf('header\n  garbage\n', 'tcp').size).toBe(0);
  });

  it('sees a port this process listens on, through its own pid', async () => {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    try {
      expect(listeningPorts(process.pid, 'tcp').has(port)).toBe(true);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
    expect(listeningPorts(process.pid, 'tcp').has(port)).toBe(false);
  });
});
