// UDP has no connection to end: the kernel keeps NATing a client's flow to
// the address it first went to for as long as packets keep coming (each one
// renews it). After a container publishing a UDP port is replaced, such a
// flow would go on to the old address, perhaps another container by now.
// Forgetting the tracked flows of the port, as docker does, sends the next
// packet through the DNAT rules again.
import { spawnSync } from 'node:child_process';
import type { PublishedPort } from './model.js';
import { systemTool } from './system-tools.js';

export function forgetUdpFlows(ports: readonly PublishedPort[]): void {
  for (const hostPort of new Set(ports.filter((p) => p.protocol === 'udp').map((p) => p.hostPort))) {
    // Exit status 1 means there was nothing to forget; without conntrack
    // installed the flows just age out (30 s without a packet).
    spawnSync(systemTool('conntrack'), ['-D', '-p', 'udp', '--orig-port-dst', String(hostPort)], { stdio: 'ignore' });
  }
}
