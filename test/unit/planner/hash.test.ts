import { describe, expect, it } from 'vitest';
import type { Service } from '../../../compose-schema/model.js';
import { canonicalJson, serviceConfigHash } from '../../../planner/hash.js';

const web: Service = { image: 'nginx', ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp' }], environment: { A: '1' } };

describe('serviceConfigHash', () => {
  it('is a SHA-256 that does not depend on key order', () => {
    const hash = serviceConfigHash(web);
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(serviceConfigHash({ environment: { A: '1' }, ports: web.ports, image: 'nginx' } as Service)).toBe(hash);
  });

  it('ignores what does not shape a container', () => {
    const hash = serviceConfigHash(web);
    const scaled = {
      ...web,
      build: { context: '/p' },
      pull_policy: 'always',
      scale: 3,
      depends_on: { db: { condition: 'service_started', required: true } },
      profiles: ['x'],
      deploy: { replicas: 4 },
      develop: { watch: [{ path: '/p/src', action: 'sync', target: '/app' }] },
    } as Service;
    expect(serviceConfigHash(scaled)).toBe(hash);
  });

  it('changes with anything that does', () => {
    const hash = serviceConfigHash(web);
    expect(serviceConfigHash({ ...web, image: 'nginx:2' })).not.toBe(hash);
    expect(serviceConfigHash({ ...web, environment: { A: '2' } })).not.toBe(hash);
    expect(serviceConfigHash({ ...web, deploy: { replicas: 2, resources: { limits: { memory: 1 } } } })).not.toBe(hash);
  });
});

describe('canonicalJson', () => {
  it('sorts keys at every level and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [2, { z: 1, y: undefined }], c: null } })).toBe('{"a":{"c":null,"d":[2,{"z":1}]},"b":1}');
  });
});
