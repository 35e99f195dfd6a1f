import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rootCertificates } from 'node:tls';
import { describe, expect, it } from 'vitest';
import { endpointFor, tlsMaterial } from '../../../../engine/registry/endpoint.js';

describe('endpointFor', () => {
  it('speaks plain http to localhost and 127.0.0.0/8 only', () => {
    expect(endpointFor('localhost:5000', { env: {} }).base).toBe('http://localhost:5000');
    expect(endpointFor('127.8.0.1:5000', { env: {} }).base).toBe('http://127.8.0.1:5000');
    expect(endpointFor('[::1]:5000', { env: {} }).base).toBe('http://[::1]:5000');
    expect(endpointFor('registry.example:5000', { env: {} }).base).toBe('https://registry.example:5000');
    expect(endpointFor('128.0.0.1', { env: {} }).secure).toBe(true);
  });

  it('speaks plain http to a registry declared insecure, by option or environment', () => {
    expect(endpointFor('reg.lan:5000', { env: {}, insecureRegistries: ['reg.lan:5000'] }).base).toBe('http://reg.lan:5000');
    expect(endpointFor('reg.lan', { env: { FLOTILLA_INSECURE_REGISTRIES: 'other, reg.lan' } }).base).toBe('http://reg.lan');
  });

  it('sends Docker Hub requests to its API host', () => {
    expect(endpointFor('docker.io', { env: {} }).base).toBe('https://registry-1.docker.io');
  });
});

describe('tlsMaterial', () => {
  it('adds the environment\'s CA files and the registry\'s certs.d folder to Node\'s roots', () => {
    const dir = mkdtempSync(join(tmpdir(), 'flotilla-certs-'));
    mkdirSync(join(dir, 'certs.d/reg.lan:5000'), { recursive: true });
    writeFileSync(join(dir, 'extra.pem'), 'EXTRA');
    writeFileSync(join(dir, 'ssl.pem'), 'SSL');
    writeFileSync(join(dir, 'certs.d/reg.lan:5000/ca.crt'), 'HOST');
    writeFileSync(join(dir, 'certs.d/reg.lan:5000/client.cert'), 'CERT');
    writeFileSync(join(dir, 'certs.d/reg.lan:5000/client.key'), 'KEY');
    const tls = tlsMaterial('reg.lan:5000', { NODE_EXTRA_CA_CERTS: join(dir, 'extra.pem'), SSL_CERT_FILE: join(dir, 'ssl.pem') }, join(dir, 'certs.d'));
    expect(tls.ca.slice(rootCertificates.length)).toEqual(['EXTRA', 'SSL', 'HOST']);
    expect([tls.cert, tls.key]).toEqual(['CERT', 'KEY']);
    expect(tlsMaterial('other', {}, join(dir, 'certs.d'))).toEqual({ ca: [...rootCertificates] });
  });
});
