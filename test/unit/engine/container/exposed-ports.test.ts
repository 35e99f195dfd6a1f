import { describe, expect, it } from 'vitest';
import { exposedPorts, portKey, publishAll } from '../../../../engine/container/exposed-ports.js';

describe('exposed ports', () => {
  it("unites the image's, --expose and the published ones, in port order, once each", () => {
    const ports = exposedPorts({ '8080': {}, '53/udp': {}, '443/TCP': {}, '132/sctp': {}, '99999/tcp': {}, 'http': {} }, {
      expose: [{ containerPort: 53, protocol: 'udp' }, { containerPort: 9000, protocol: 'tcp' }],
      ports: [{ containerPort: 80, protocol: 'tcp', hostPort: 8080 }, { containerPort: 53, protocol: 'tcp' }],
    });
    expect(ports.map(portKey)).toEqual(['53/tcp', '53/udp', '80/tcp', '443/tcp', '8080/tcp', '9000/tcp']);
    expect(exposedPorts(null, {})).toEqual([]);
  });

  it('gives -P an ephemeral host port for each exposed port, keeping the bindings given', () => {
    const given = [{ containerPort: 80, protocol: 'tcp' as const, hostIp: '127.0.0.1', hostPort: 8080 }];
    const exposed = exposedPorts({ '80/tcp': {}, '53/udp': {} }, { ports: given });
    expect(publishAll(given, exposed)).toEqual([...given, { containerPort: 53, protocol: 'udp' }]);
    expect(publishAll([], [])).toEqual([]);
  });
});
